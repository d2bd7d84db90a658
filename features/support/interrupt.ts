import { Before } from '@cucumber/cucumber';
import { interrupted, NOT_RUN_LOG } from './run-control.ts';

/**
 * After Ctrl-C every scenario not yet started is skipped and logged as not run (run-control.ts).
 * Steps that never wait on I/O run as one chain of promises, which never lets the event loop
 * deliver a signal: one turn of the loop here, per scenario, lets it in.
 */
Before(async function (this: { log(text: string): void }) {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (!interrupted()) return undefined;
  this.log(NOT_RUN_LOG);
  return 'skipped';
});
