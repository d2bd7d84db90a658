/**
 * Ctrl-C during `fairwire scenarios`: the command sets this process-wide flag (a registered
 * symbol, so every copy of this module sees the same flag) and cucumber finishes the scenario in
 * flight; every scenario after it is skipped by the hook in interrupt.ts with the log line below,
 * which the command counts as "not run" (never as passed, never as skipped for a capability),
 * and the formatters still write their reports. No cucumber import: the command uses this module.
 */
const FLAG = Symbol.for('fairwire.scenarios.interrupted');

export const NOT_RUN_LOG = 'not run: the run was interrupted';

/** How a vendor's stderr tail starts in the log of a scenario that did not pass (world.ts); the summary shows it. */
export const VENDOR_STDERR_LOG = 'vendor stderr';

export function interrupted(): boolean {
  return (globalThis as Record<symbol, unknown>)[FLAG] === true;
}

export function setInterrupted(on: boolean): void {
  (globalThis as Record<symbol, unknown>)[FLAG] = on;
}
