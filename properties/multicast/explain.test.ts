import { describe, expect, it } from 'vitest';
import { ALL_MULTICAST_CAPABILITIES, type MulticastAdapter } from '../../adapters/multicast.ts';
import { referenceMulticastAdapter, referenceNode } from '../../adapters/multicast/reference.ts';
import { MULTICAST_MUTANTS } from '../../adapters/mutants/multicast-mutants.ts';
import { explanationLines } from '../explanation.ts';
import { runCatalog } from '../runner.ts';
import { multicastCatalog } from './catalog.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const oracle = referenceMulticastAdapter();

/** Each mutant's first failure under its stated killers, explained. */
async function failuresOf(name: string) {
  const m = MULTICAST_MUTANTS.find((x) => x.name === name)!;
  const results = await runCatalog({ catalog: multicastCatalog, subject: await m.create(), oracle, seed: SEED, propertyIds: [...(m.killedBy ?? [])], flakyTries: 1, maxFindings: 1 });
  return results;
}

describe(`multicast explanations (seed ${SEED})`, () => {
  it('every mutant failure is explained with a timeline whose highlighted entries are what the summary names', async () => {
    let explained = 0;
    for (const m of MULTICAST_MUTANTS) {
      const results = await failuresOf(m.name);
      expect(results.some((r) => r.status === 'failed' || r.status === 'fault'), `${m.name} was not caught by its killers`).toBe(true);
      // A fault (the harness refused an impossible action) carries its own timeline in the message.
      for (const r of results.filter((x) => x.status === 'failed')) {
        const e = r.explanation;
        expect(e, `${m.name} / ${r.id}: no explanation`).toBeDefined();
        expect(e!.summary).not.toMatch(/undefined|NaN|\?/);
        expect(e!.summary).not.toMatch(/explainer failed/);
        const hot = (e!.timeline ?? []).filter((t) => t.highlight);
        expect(hot.length, `${m.name} / ${r.id}: nothing highlighted`).toBeGreaterThan(0);
        // The highlighted entries happen where the summary says.
        for (const t of hot) expect(e!.summary).toContain(t.where);
        // In time order, at most 30 entries.
        const ats = e!.timeline!.map((t) => t.at);
        expect(ats).toEqual([...ats].sort((a, b) => a - b));
        expect(ats.length).toBeLessThanOrEqual(30);
        explained++;
      }
    }
    expect(explained).toBeGreaterThanOrEqual(MULTICAST_MUTANTS.length - 1);
  }, 120_000);

  it('a receiver that releases on arrival: when it should have released, why, and the spread it caused', async () => {
    const [r] = await failuresOf('multicast-receiver-releases-on-arrival');
    expect(r!.status).toBe('failed');
    const e = r!.explanation!;
    expect(e.summary).toMatch(/^receiver \S+ \(participant \d+\) released message \d+ at \d+ ns after the send; it should have at \d+ ns: its first copy was on time \(measured delay -?\d+ ns, deadline \d+ ns after the send\), so it is held to the deadline on its own clock$/);
    // Its clock, and (with more than one receiver) the spread the early release caused.
    expect(e.details?.[0]).toMatch(/^\S+'s clock runs -?\d+ ns from true time \(epsilon \d+ ns\); releases are judged on true time$/);
    for (const d of e.details!.slice(1)) expect(d).toMatch(/a spread \(DWS\) of \d+ ns \(2 epsilon = \d+ ns\)/);
    const receiver = e.summary.split(' ')[1]!;
    expect(e.timeline!.filter((t) => t.highlight).map((t) => t.what)).toContain(e.timeline!.find((t) => t.highlight && t.what.startsWith('releases'))!.what);
    expect(e.timeline!.some((t) => t.where === receiver && t.what.startsWith('first copy of message'))).toBe(true);
    expect(explanationLines(e).join('\n')).toContain('timeline:');
  }, 60_000);

  it('receivers that never report: which node, when its report was due, and its (empty) report timeline', async () => {
    const silent: MulticastAdapter = {
      name: 'silent-receivers',
      component: 'multicast',
      capabilities: ALL_MULTICAST_CAPABILITIES,
      node: (c) => {
        const n = referenceNode(c);
        return c.role !== 'receiver' ? n : { config: c, onEvent: (e) => (n.onEvent(e) as readonly { type: string }[]).filter((a) => a.type !== 'report') as never };
      },
    };
    const [r] = await runCatalog({ catalog: multicastCatalog, subject: silent, oracle, seed: SEED, propertyIds: ['multicast.hold-release.deadline-from-reports'], flakyTries: 1, maxFindings: 1 });
    expect(r?.signature).toBe('report-missing at receivers[].reports[]');
    expect(r?.explanation?.summary).toMatch(/^r\d+ never reported, though a report was due by \d+ ns: without reports the root stamps deadlines from headroom alone$/);
  }, 60_000);

  it('the reference passes: nothing to explain', async () => {
    const results = await runCatalog({ catalog: multicastCatalog, subject: referenceMulticastAdapter(), oracle, seed: SEED, runs: 10 });
    expect(results.every((r) => r.status === 'passed' && r.explanation === undefined)).toBe(true);
  }, 60_000);
});
