/**
 * Out-of-process vendors (spec/protocol/README.md): the loader behind `--adapter cmd:"..."` and
 * `--adapter vendor.json` (used by properties/subject.ts).
 */

export { loadProcessAdapter, ProcessAdapterError, PROCESS_COMPONENTS } from './load.ts';
export { loadManifest, parseManifest, ManifestError, type Manifest } from './manifest.ts';
export { splitCommandLine, CommandLineError } from './command-line.ts';
export { VendorProcess, VendorError, VendorSkipped, type VendorCommand, type VendorOptions } from './vendor-process.ts';
export { VendorSession } from './vendor-session.ts';
export { withSessionHooks } from './session-hooks.ts';
export { CaseLog, DEFAULT_CASE_LOG_LIMITS, type CaseLogLimits } from './case-log.ts';
