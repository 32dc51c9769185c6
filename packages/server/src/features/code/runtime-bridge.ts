import { buildPackage, FRAME_HEADERS, MANIFEST_PATH, runtimeAssets } from '@wharf/runtime/build';

/**
 * What the server needs of the runtime package: it builds an uploaded package into what the
 * browser runtime fetches, and ships the runtime's own assets (served under `/runtime/`).
 */
export const runtimeBuild = { buildPackage, runtimeAssets, FRAME_HEADERS, MANIFEST_PATH };

export type RuntimeBuild = typeof runtimeBuild;
export type BuildDiagnostic = Awaited<ReturnType<typeof buildPackage>>['diagnostics'][number];
