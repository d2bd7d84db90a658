import type { Adapter } from '../adapter.ts';
import type { VendorSession } from './vendor-session.ts';

/**
 * Gives a component's process adapter the runner's hooks, the same for every component:
 * `restart` kills the vendor and starts a fresh one (state re-sent by the wrapper's
 * onRestart), `beginCase` / `observe` read the session's case log (requests and stderr).
 */
export function withSessionHooks<A extends Adapter<object>>(adapter: A, session: VendorSession): A {
  return Object.assign(adapter, {
    restart: () => session.restart(),
    beginCase: () => session.beginCase(),
    observe: () => session.observe(),
  });
}
