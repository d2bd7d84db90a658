import { AdapterFault } from '../adapters/fault.ts';
import { Mismatch } from './mismatch.ts';

/**
 * The reference (the oracle) raised an AdapterFault: a fairwire bug, never the subject's fault.
 * oracle-guard.ts turns the oracle's AdapterFaults into this plain error, so the runner reports
 * a failure with this message and restarts nothing.
 */
export class OracleFault extends Error {
  override readonly name = 'OracleFault';
  constructor(readonly fault: AdapterFault) {
    super(`the reference (oracle) faulted — a fairwire bug, not the subject's: ${fault.message}`);
  }
}

/** A readable one-paragraph account of what a check threw. */
export function describeError(err: unknown): string {
  if (err instanceof Mismatch) return err.describe();
  if (err instanceof AdapterFault) return `adapter fault${err.kind ? ` (${err.kind})` : ''}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * A stable signature for any failure: the Mismatch's own; `adapter-fault:<kind>` for a subject's
 * fault (hang, crash, protocol, start; plain `adapter-fault` when the adapter did not say);
 * `oracle-fault` for the reference's; else `uncaught-<error name>`.
 */
export function signatureOf(err: unknown): string {
  if (err instanceof Mismatch) return err.signature();
  if (err instanceof AdapterFault) return err.kind ? `adapter-fault:${err.kind}` : 'adapter-fault';
  if (err instanceof OracleFault) return 'oracle-fault';
  const name = err instanceof Error ? err.name : typeof err;
  return `uncaught-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}
