import type { ReadyMessage } from './protocol.ts';

/**
 * A component's capability flags from the vendor's `ready` (or the manifest's override): every
 * flag of the contract, false unless declared true. Unknown flags are dropped, so a vendor
 * never gets inputs for a feature the harness does not know it claims.
 */
export function capabilitiesFor<C extends object>(
  template: C,
  ready: ReadyMessage,
  component: string,
  override?: Readonly<Record<string, boolean>>,
): C {
  const declared = override ?? ready.components[component]?.capabilities ?? {};
  const out: Record<string, boolean> = {};
  for (const key of Object.keys(template)) out[key] = declared[key] === true;
  return out as C;
}
