/**
 * The runtime package (`packages/runtime`) builds an uploaded package into what the browser
 * runtime fetches, and ships the runtime's own assets. It is loaded lazily, through a
 * specifier TypeScript does not follow, so the server starts (serving raw packages) even
 * on a checkout where the runtime's build entry is absent or broken.
 */

export interface BuildDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface RuntimeBuild {
  buildPackage(
    files: ReadonlyMap<string, Uint8Array>,
  ): Promise<{ files: Map<string, Uint8Array>; diagnostics: BuildDiagnostic[] }>;
  runtimeAssets?(): Promise<Map<string, { body: Uint8Array; contentType: string }>>;
  FRAME_HEADERS?: Record<string, string>;
  MANIFEST_PATH?: string;
}

const RUNTIME_ENTRY = '@wharf/runtime/src/build/index.ts';

let loading: Promise<RuntimeBuild | undefined> | undefined;

export function loadRuntime(): Promise<RuntimeBuild | undefined> {
  const specifier: string = RUNTIME_ENTRY;
  loading ??= import(specifier).then(
    (module: Partial<RuntimeBuild>) =>
      typeof module.buildPackage === 'function' ? (module as RuntimeBuild) : undefined,
    () => undefined,
  );
  return loading;
}
