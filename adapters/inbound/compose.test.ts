import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ComponentEntry } from '../../properties/components.ts';
import { loadSubject, SubjectError } from '../../properties/subject.ts';
import type { InboundAdapter, InboundNodeConfig } from '../inbound.ts';
import { loadProcessAdapter } from '../process/load.ts';
import { composeInboundRoles } from './compose.ts';
import { RoleSpecError } from './role-spec.ts';

const EXAMPLE = fileURLToPath(new URL('../examples/python/inbound.py', import.meta.url));
const CMD = `cmd:python3 ${EXAMPLE}`;

const load = async (spec: string) => (await loadProcessAdapter(spec, 'exchange')) as InboundAdapter;

const config = (role: InboundNodeConfig['role'], id: string): InboundNodeConfig => ({
  id,
  role,
  depth: role === 'sequencer' ? 0 : 1,
  parent: role === 'sequencer' ? null : 'sequencer',
  children: role === 'gateway' ? [] : ['gateway-0'],
  participant: role === 'gateway' ? 0 : null,
  participants: 1,
  heartbeatPeriodNs: role === 'gateway' ? 10 : 0,
  uplinkCredits: role === 'sequencer' ? 0 : 1,
  loq: null,
  merge: 'timestamp',
});

/** A manifest starting the example with only `roles` declared (the manifest overrides ready). */
function manifest(roles: Record<string, boolean>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-inbound-'));
  const file = join(dir, 'vendor.json');
  writeFileSync(file, JSON.stringify({ name: 'gateways-only', command: 'python3', args: [EXAMPLE], capabilities: { exchange: roles } }));
  return file;
}

describe('composeInboundRoles (--adapter roles:...)', () => {
  it('gives each named role its adapter, one process per distinct adapter, the reference (no node) elsewhere', async () => {
    const loaded: string[] = [];
    const a = await composeInboundRoles(`roles:gateway=${CMD},sequencer=${CMD}`, async (s) => (loaded.push(s), load(s)));
    try {
      expect(loaded).toEqual([CMD]);
      expect(a.capabilities).toEqual({ gateway: true, proxy: false, sequencer: true, loq: true });
      expect(a.name).toBe(`roles:gateway=${CMD},sequencer=${CMD}`);
      expect(a.node(config('proxy', 'proxy-0'))).toBeUndefined();
      const g = a.node(config('gateway', 'gateway-0'))!;
      const s = a.node(config('sequencer', 'sequencer'))!;
      expect(await g.onEvent({ type: 'submit', time: 3, order: { id: 0, participant: 0, side: 'bid', price: 1, quantity: 1 } })).toHaveLength(1);
      expect(await s.onEvent({ type: 'message', time: 4, from: 'gateway-0', message: { kind: 'heartbeat', timestamp: 0, participant: 0 } })).toEqual([]);
      a.beginCase?.();
      await g.onEvent({ type: 'credit', time: 5 });
      expect(a.observe?.().requests).toEqual([{ seq: expect.any(Number), op: 'inbound.credit', params: { node: 'gateway-0', time: 5 } }]);
    } finally {
      await a.close?.();
    }
  });

  it('a role given to an adapter that does not implement it is refused, naming both (and the vendor is closed)', async () => {
    const file = manifest({ gateway: true, loq: true });
    let opened: InboundAdapter | undefined;
    const err = await composeInboundRoles(`roles:gateway=${file},proxy=${file}`, async (s) => (opened = await load(s))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RoleSpecError);
    expect((err as Error).message).toMatch(/^role proxy: gateways-only does not implement the proxy role \(it declares gateway\)/);
    // closed: a node's first event fails instead of reaching a live vendor
    await expect(Promise.resolve(opened!.node(config('gateway', 'gateway-0'))!.onEvent({ type: 'start', time: 0 }))).rejects.toThrow(/closed/);
  });

  it('loq is declared only when every adapter in the tree handles LOQ trees', async () => {
    const a = await composeInboundRoles(`roles:gateway=${manifest({ gateway: true })},proxy=${CMD}`, load);
    try {
      expect(a.capabilities).toEqual({ gateway: true, proxy: true, sequencer: false, loq: false });
    } finally {
      await a.close?.();
    }
  });

  it('properties/subject.ts: roles: is read for component exchange only; bad values are usage errors', async () => {
    const entry = (component: string): ComponentEntry => ({ component, title: component, catalog: [], reference: () => load(CMD), mutants: [] });
    await expect(loadSubject('roles:gateway=reference', entry('multicast'))).rejects.toThrow(/roles: is for component exchange/);
    await expect(loadSubject('roles:router=reference', entry('exchange'))).rejects.toThrow(SubjectError);
    await expect(loadSubject('roles:gateway=mutant:nope', entry('exchange'))).rejects.toThrow(/no mutant 'nope' for component exchange/);
    await expect(loadSubject('nonsense', entry('exchange'))).rejects.toThrow(/roles:<role>=<adapter>/);
    const a = (await loadSubject(`roles:proxy=${CMD}`, entry('exchange'))) as InboundAdapter;
    try {
      expect(a.capabilities).toEqual({ gateway: false, proxy: true, sequencer: false, loq: true });
    } finally {
      await a.close?.();
    }
  });
});
