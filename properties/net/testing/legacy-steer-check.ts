import type { NetStackAdapter } from '../../../adapters/net.ts';
import { buildFrame } from '../../../reference/net/build.ts';
import { counterKey, type RxCounters } from '../../../reference/net/verdict.ts';
import { applyCorruption } from '../../arbitraries/net-corrupt.ts';
import { assertSameCanonical, Mismatch } from '../../mismatch.ts';
import type { RxInput } from '../catalog.ts';

/**
 * net.steer.partition as it was before it judged from the reference (issue 10, point 7): the
 * counter keys came from the subject's own verdicts. Kept only so that blind-spots.test.ts can
 * show the blind spot; not part of any catalog.
 */
export async function legacySteerPartition(subject: NetStackAdapter, oracle: NetStackAdapter, input: RxInput): Promise<void> {
  await oracle.configure(input.scenario.config);
  await subject.configure(input.scenario.config);
  const tally: RxCounters = { fast: {}, slow: {} };
  for (const [i, f] of input.frames.entries()) {
    const frame = applyCorruption(buildFrame(f.spec), f.corruption, input.scenario.config.fcs);
    const v = await subject.receive(frame);
    const e = await oracle.receive(frame);
    if (v.path !== e.path) throw new Mismatch(`frame ${i} path`, e.path, v.path, { kind: 'wrong-path' });
    const k = counterKey(v);
    tally[v.path][k] = (tally[v.path][k] ?? 0) + 1;
  }
  const got = await subject.counters();
  const sorted = (c: RxCounters) => {
    const s = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { fast: s(c.fast), slow: s(c.slow) };
  };
  assertSameCanonical('counters', sorted(tally), sorted(got));
}
