/** Node entry: what the server imports to build uploaded versions and serve the runtime. */

export type { DevBuild, DevState } from '../dev/protocol.ts';
export type { BuiltManifest, Diagnostic } from '../shared/manifest.ts';
export { MANIFEST_PATH } from '../shared/manifest.ts';
export { type BuildResult, buildPackage } from './build-package.ts';
export { FRAME_HEADERS } from './frame-headers.ts';
export {
  type BuildLimits,
  type BuildRefusal,
  BuildRefusedError,
  defaultBuildLimits,
} from './limits.ts';
export { buildMiniprogramNpm, type NpmBuildResult } from './npm-build.ts';
export { devPageAssets, type RuntimeAsset, runtimeAssets } from './runtime-assets.ts';
