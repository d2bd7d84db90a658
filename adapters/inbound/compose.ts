import type { CaseObservation } from '../adapter.ts';
import { INBOUND_ROLES, inboundRolesOf, type InboundAdapter, type InboundCapabilities } from '../inbound.ts';
import type { InboundNode, InboundNodeConfig, InboundRole } from '../../reference/inbound/node.ts';
import { parseRoleSpec, ROLE_SPEC_USAGE, RoleSpecError } from './role-spec.ts';

/** Loads one `--adapter` value for component exchange (properties/subject.ts passes its own loader). */
export type InboundLoader = (spec: string) => Promise<InboundAdapter>;

/**
 * An inbound tree from several implementations, one per role: `roles:gateway=cmd:"...",proxy=
 * mutant:...` (role-spec.ts). Each distinct adapter value is loaded once, so roles given the
 * same vendor command share one process. A role not named returns no node, so the harness puts
 * its reference node there; a role given to an adapter that does not implement it is a usage
 * error naming both. The composed adapter declares the roles named and `loq` only when every
 * adapter in it handles LOQ trees (reference nodes handle everything).
 */
export async function composeInboundRoles(spec: string, load: InboundLoader): Promise<InboundAdapter> {
  const roles = parseRoleSpec(spec);
  const bySpec = new Map<string, InboundAdapter>();
  const byRole = new Map<InboundRole, InboundAdapter>();
  const closeAll = () => Promise.all([...bySpec.values()].map((a) => a.close?.())).then(() => {});
  try {
    for (const [role, sub] of roles) {
      let adapter = bySpec.get(sub);
      if (!adapter) {
        adapter = await load(sub);
        if (adapter.component !== 'exchange') throw new RoleSpecError(`role ${role}: ${adapter.name} implements component ${adapter.component}, not exchange`);
        bySpec.set(sub, adapter);
      }
      if (!adapter.capabilities[role]) {
        const has = inboundRolesOf(adapter.capabilities);
        throw new RoleSpecError(
          `role ${role}: ${adapter.name} does not implement the ${role} role (it declares ${has.length > 0 ? has.join(', ') : 'none'}); give ${role} another adapter or leave it out to run the reference (${ROLE_SPEC_USAGE})`,
        );
      }
      byRole.set(role, adapter);
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  const adapters = [...bySpec.values()];
  const capabilities: InboundCapabilities = {
    gateway: byRole.has('gateway'),
    proxy: byRole.has('proxy'),
    sequencer: byRole.has('sequencer'),
    loq: adapters.every((a) => a.capabilities.loq),
  };
  const name = `roles:${INBOUND_ROLES.filter((r) => byRole.has(r))
    .map((r) => `${r}=${byRole.get(r)!.name}`)
    .join(',')}`;
  return {
    name,
    component: 'exchange',
    capabilities,
    node(config: InboundNodeConfig): InboundNode | undefined {
      return byRole.get(config.role)?.node(config);
    },
    restart: async () => {
      for (const a of adapters) await a.restart?.();
    },
    beginCase: () => {
      for (const a of adapters) a.beginCase?.();
    },
    observe: () => observeAll(adapters),
    close: closeAll,
  };
}

/** Every adapter's observation, each stderr tail under its adapter's name (requests in adapter order). */
function observeAll(adapters: readonly InboundAdapter[]): CaseObservation {
  const seen = adapters.flatMap((a) => {
    const o = a.observe?.();
    return o ? [{ name: a.name, o }] : [];
  });
  const tails = seen.filter((s) => s.o.stderrTail !== undefined);
  const requests = seen.flatMap((s) => s.o.requests ?? []);
  const stderrTail = tails.length === 1 && seen.length === 1 ? tails[0]!.o.stderrTail : tails.map((s) => `[${s.name}]\n${s.o.stderrTail}`).join('\n');
  return { ...(requests.length > 0 ? { requests } : {}), ...(tails.length > 0 ? { stderrTail } : {}) };
}
