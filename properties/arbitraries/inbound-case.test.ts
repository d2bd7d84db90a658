import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_INBOUND_CAPABILITIES, type InboundCapabilities } from '../../adapters/inbound.ts';
import { buildInboundTree } from '../../reference/inbound/tree.ts';
import { caseSetup } from '../exchange/run.ts';
import { inboundLoqCaseArb, inboundPlainCaseArb } from './inbound-case.ts';
import { countGateways, hasProxy, inboundShapeArb } from './inbound-shape.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const PROXY_ONLY: InboundCapabilities = { gateway: false, proxy: true, sequencer: false, loq: false };

describe(`inbound generators (seed ${SEED})`, () => {
  it('shapes: depth 1..3, fan-out 1..4, gateways anywhere; a proxy when asked', () => {
    const depths = new Set<number>();
    const fanouts = new Set<number>();
    for (const s of fc.sample(inboundShapeArb(), { numRuns: 400, seed: SEED })) {
      const t = buildInboundTree(s);
      depths.add(t.depth);
      for (const n of t.nodes) if (n.children.length > 0) fanouts.add(n.children.length);
      expect(t.depth).toBeLessThanOrEqual(3);
      expect(t.participants).toBe(countGateways(s));
    }
    expect([...depths].sort()).toEqual([1, 2, 3]);
    expect([...fanouts].sort()).toEqual([1, 2, 3, 4]);
    for (const s of fc.sample(inboundShapeArb({ needsProxy: true, minGateways: 2 }), { numRuns: 200, seed: SEED })) {
      expect(hasProxy(s)).toBe(true);
      expect(countGateways(s)).toBeGreaterThanOrEqual(2);
    }
  });

  it('subject roles: only declared ones, every subset of several roles, and a proxy in the tree when proxies are all the subject runs', () => {
    const subsets = new Set<string>();
    for (const c of fc.sample(inboundPlainCaseArb(ALL_INBOUND_CAPABILITIES), { numRuns: 300, seed: SEED })) {
      expect(c.net.subjectRoles.length).toBeGreaterThan(0);
      subsets.add([...c.net.subjectRoles].sort().join('+'));
    }
    for (const one of ['gateway', 'proxy', 'sequencer']) expect(subsets).toContain(one);
    expect(subsets).toContain('gateway+proxy+sequencer');
    for (const c of fc.sample(inboundPlainCaseArb(PROXY_ONLY), { numRuns: 100, seed: SEED })) {
      expect(c.net.subjectRoles).toEqual(['proxy']);
      expect(hasProxy(c.shape)).toBe(true);
    }
  });

  it('plain cases: ids 0..n-1 in time order, participants of the tree, bursts that build backlogs', () => {
    let queued = 0;
    for (const c of fc.sample(inboundPlainCaseArb(ALL_INBOUND_CAPABILITIES), { numRuns: 200, seed: SEED })) {
      const p = countGateways(c.shape);
      c.submissions.forEach((s, i) => {
        expect(s.id).toBe(i);
        expect(s.participant).toBeLessThan(p);
        if (i > 0) expect(s.atNs).toBeGreaterThanOrEqual(c.submissions[i - 1]!.atNs);
      });
      // Two orders of one participant closer than its uplink's time per order: a backlog.
      const byP = new Map<number, number[]>();
      for (const s of c.submissions) byP.set(s.participant, [...(byP.get(s.participant) ?? []), s.atNs]);
      const minUp = Math.min(...c.net.gatewayUplink) * 1000;
      if ([...byP.values()].some((ts) => ts.some((t, i) => i > 0 && t - ts[i - 1]! < minUp))) queued++;
    }
    expect(queued).toBeGreaterThan(20);
  });

  it('LOQ cases: Appendix I timing — stamps keep the flow order, mid changes fall between units on every clock, a closing mid change or none', async () => {
    let withoutClosing = 0;
    for (const c of fc.sample(inboundLoqCaseArb(ALL_INBOUND_CAPABILITIES, { race: true }), { numRuns: 30, seed: SEED })) {
      const { schedule, flow } = await caseSetup(c);
      const eps = c.net.epsilonNs;
      const subs = schedule.submissions;
      for (let i = 1; i < subs.length; i++) {
        const [a, b] = [subs[i - 1]!, subs[i]!];
        if (a.participant !== b.participant) expect(b.atNs - a.atNs).toBeGreaterThan(2 * eps);
      }
      const last = Math.max(...subs.map((s) => s.atNs));
      const mids = schedule.mids ?? [];
      for (const m of mids) for (const s of subs) expect(Math.abs(m.atNs - s.atNs)).toBeGreaterThan(2 * eps);
      if (c.closingMid === false) {
        withoutClosing++;
        expect(mids.length).toBe((flow!.starts.length - 1) * countGateways(c.shape)); // the flow's own mid changes only
      } else {
        const closing = mids.slice(-countGateways(c.shape));
        expect(new Set(closing.map((m) => m.participant)).size).toBe(countGateways(c.shape));
        for (const m of closing) expect(m.atNs).toBeGreaterThan(last);
      }
      expect(flow!.orders.length).toBe(subs.length);
      expect(c.race!.x).not.toBe(c.race!.y);
    }
    // Both kinds of session end are generated (liveness needs the ones without a closing mid change).
    expect(withoutClosing).toBeGreaterThan(3);
    expect(withoutClosing).toBeLessThan(27);
  });
});
