/** What `wharf dev`'s server tells its page: the current build, sent at load and after each rebuild. */
import type { Diagnostic } from '../shared/manifest.ts';

export interface DevBuild {
  /** Counts up with each build; the package is served under a new base each time. */
  generation: number;
  /** Base URL of this build's files (on the runtime origin), or null when nothing ever built. */
  packageBase: string | null;
  /** Build diagnostics (bad WXML, JS, JSON…) with file and line. */
  diagnostics: Diagnostic[];
  /** Files left out because their type is not allowed (as `wharf upload` leaves them out). */
  skipped: string[];
  /** Why the folder could not be built at all (not a project, over a limit…); the last good build stays served. */
  failure?: string;
  buildMs: number;
}

export interface DevState {
  appid: string;
  project: string;
  runtimeBase: string;
  build: DevBuild;
}
