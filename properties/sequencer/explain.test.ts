import { describe, expect, it } from 'vitest';
import { referenceSequencerAdapter } from '../../adapters/reference/sequencer.ts';
import type { SequencerAdapter } from '../../adapters/sequencer.ts';
import { naiveSequencerAdapter } from '../../adapters/mutants/sequencer-mutant-support.ts';
import { SEQUENCER_MUTANTS } from '../../adapters/mutants/sequencer-mutants.ts';
import { explanationLines, type Explanation } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { explainedFailure } from '../testing/explain-failure.ts';
import { sequencerCatalog } from './catalog.ts';

const oracle = referenceSequencerAdapter();
const SEED = Number(process.env.FAIRWIRE_SEED ?? 7);
const SEEDS = [1, 42, SEED];

const mutant = (name: string) => {
  const m = SEQUENCER_MUTANTS.find((x) => x.name === name);
  if (!m) throw new Error(`no mutant ${name}`);
  return () => m.create();
};

/**
 * The pair the verdict is about, read from the Mismatch's own windows (releases.ts), not from the
 * explainer: the first entry where the fair order (expected) and the subject's (actual) differ.
 */
function invertedPair(err: unknown): { earlier: string; later: string } {
  if (!(err instanceof Mismatch) || err.kind !== 'reordered') throw new Error(`not a reordering: ${String(err)}`);
  const want = err.expected as string[];
  const got = err.actual as string[];
  const k = want.findIndex((w, i) => got[i] !== w);
  const name = (s: string) => s.slice(0, s.indexOf('('));
  return { earlier: name(want[k]!), later: name(got[k]!) };
}

const text = (e: Explanation | undefined) => (e ? explanationLines(e).join('\n') : '(no explanation)');

/** Checks the summary names the pair, and the timeline highlights the subject's release of the later one. */
function expectNamesPair(e: Explanation | undefined, err: unknown, seed: number): { earlier: string; later: string } {
  const pair = invertedPair(err);
  expect(e?.summary, `seed ${seed}\n${text(e)}`).toMatch(new RegExp(`^order ${pair.later}, stamped \\d+, was released at \\d+ before ${pair.earlier}, stamped \\d+`));
  expect(e?.timeline?.some((t) => t.highlight && t.where === 'subject' && t.what.startsWith(`releases ${pair.later} `)), text(e)).toBe(true);
  return pair;
}

describe('sequencer explanations name the inverted pair and why, from the schedule and the reference', () => {
  it(`proxy-dummy-clock: the earlier order waited at (or was on its way to) a proxy, whose dummies must carry its low-water mark (seeds ${SEEDS})`, async () => {
    for (const seed of SEEDS) {
      const { error, explanation: e, result } = await explainedFailure(sequencerCatalog, 'sequencer.tree.equals-flat', mutant('sequencer-proxy-dummy-clock'), oracle, seed);
      const pair = expectNamesPair(e, error, seed);
      expect(e!.summary, text(e)).toMatch(new RegExp(`; ${pair.earlier} (waited at proxy P\\d+ for (participant|proxy) [A-Z0-9]+|was still in flight to proxy P\\d+)`));
      expect(text(e)).toMatch(/must have sent a dummy stamped above its low-water mark \(e\.g\. its clock\)/);
      // The counterexample shows the orders under the names the explanation uses.
      expect(Object.keys((result.counterexample as { orders: Record<string, number> }).orders)).toEqual(expect.arrayContaining([pair.earlier, pair.later]));
    }
  });

  it('tie-by-arrival: a timestamp tie broken by participant, not by arrival', async () => {
    for (const seed of SEEDS) {
      const { error, explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.safety.sorted-exactly-once', mutant('sequencer-tie-by-arrival'), oracle, seed);
      const pair = expectNamesPair(e, error, seed);
      expect(e!.details, text(e)).toContainEqual(expect.stringMatching(new RegExp(`^${pair.earlier} and ${pair.later} tie on timestamp \\d+: ties break by participant \\([A-Z] before [A-Z]\\), never by arrival \\(${pair.later} arrived first`)));
    }
  });

  it('release-before-all: the later order went out while a participant had not sent anything above the earlier one', async () => {
    for (const seed of SEEDS) {
      const { error, explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.safety.sorted-exactly-once', mutant('sequencer-release-before-all'), oracle, seed);
      const pair = expectNamesPair(e, error, seed);
      const all = text(e);
      // Either the earlier order was still in flight, or it waited for a silent participant; both say a queue lacked a key above it.
      expect(all).toMatch(new RegExp(`${pair.earlier} (was still in flight to the sequencer|waited at the sequencer for participant [A-Z])|both had arrived`));
      if (!/both had arrived/.test(e!.summary)) expect(all).toMatch(/the sequencer releases a message only once every input has sent something above it/);
    }
  });

  it('dummy-after-equal-stamp: a dummy stamped d is (d, participant), not "after every order stamped d"', async () => {
    for (const seed of SEEDS) {
      const { error, explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.safety.sorted-exactly-once', mutant('sequencer-dummy-after-equal-stamp'), oracle, seed);
      expectNamesPair(e, error, seed);
      expect(text(e)).toMatch(/a dummy stamped \d+ from [A-Z] promises nothing below \(\d+, [A-Z]\); an order of [A-Z] stamped \d+ may still follow it|a dummy ties like an order, by participant/);
    }
  });

  it('one-dequeue-per-arrival: the late order, its bound, when the reference released it and what it waited for', async () => {
    for (const seed of SEEDS) {
      const { error, explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.liveness.bounded-release', mutant('sequencer-one-dequeue-per-arrival'), oracle, seed);
      const m = /^order ([a-z]\d+) \(#\d+, t=(\d+)/.exec((error as Mismatch).message);
      expect(m, (error as Mismatch).message).not.toBeNull();
      expect(e?.summary, text(e)).toMatch(new RegExp(`^order ${m![1]}, stamped ${m![2]}, was (released at \\d+|never released \\(judged at \\d+\\)), after its bound ${m![2]} \\+ \\d+ = \\d+; the reference released it at \\d+(, as soon as it arrived|, once participant [A-Z] delivered .* the last input ${m![1]} waited for at the sequencer)?`));
      expect(e!.details, text(e)).toContainEqual(expect.stringMatching(new RegExp(`the subject still held \\d+ order\\(s\\) the reference had released by then: .*${m![1]}`)));
      expect(e!.timeline?.some((t) => t.highlight && t.where === 'reference' && t.what === `releases ${m![1]}`)).toBe(true);
    }
  });

  it('cloudex-timeout-from-arrival: the order the timestamp deadline releases, and the arrival + timeout the subject waited for', async () => {
    for (const seed of SEEDS) {
      const { explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.cloudex.fair-within-timeout', mutant('sequencer-cloudex-timeout-from-arrival'), oracle, seed);
      expect(text(e)).toMatch(/CloudEx releases an order once its stamp \+ timeout has passed/);
      expect(text(e)).toMatch(/arrival \+ timeout|exactly \d+ after its arrival/);
    }
  });

  it('the CloudEx expected failure: the younger order left while the older one was delayed beyond the timeout', async () => {
    const { error, explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.cloudex.unfair-beyond-timeout', () => referenceSequencerAdapter(), oracle, SEED);
    const pair = expectNamesPair(e, error, SEED);
    expect(e!.summary).toMatch(new RegExp(`${pair.earlier} was still in flight: delayed \\d+ \\(timeout \\d+\\)`));
    expect(text(e)).toMatch(/exceeds the timeout \d+: the baseline's documented unfairness beyond its timeout/);
  });

  it('a tree slower than it declares: the lost order and the input it last waited for at the root in the reference', async () => {
    const honest = naiveSequencerAdapter('misdeclared', {}, { proxyHeartbeatPeriod: 20 });
    const slow = (): SequencerAdapter => ({ ...honest, create: async (c) => Object.assign(await honest.create(c), { proxyHeartbeatPeriod: 0 }) });
    const { explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.tree.equals-flat', slow, oracle, SEED);
    expect(e?.summary, text(e)).toMatch(/^order [a-z]\d+, stamped \d+, was never released \(judged at \d+\); the reference released it at \d+/);
    expect(text(e)).toMatch(/judged by \d+: every order's bound t \+ P \+ L \+ depth·Q/);
  });

  it('duplicated, unknown and altered releases name the order and what was wrong with it', async () => {
    const ref = referenceSequencerAdapter();
    const doctored = (change: (r: { participant: number; timestamp: number; id: number }[]) => { participant: number; timestamp: number; id: number }[]) => (): SequencerAdapter => ({
      ...ref,
      capabilities: { jasper: true, tree: false, cloudex: false },
      create: async (c) => {
        const inner = await ref.create(c);
        return { ...inner, drain: async () => change([...(await inner.drain())]) };
      },
    });
    const cases: [RegExp, () => SequencerAdapter][] = [
      [/^order [a-z]\d+ \(\d+, [A-Z]\) was released twice: at \d+ and again at \d+$/, doctored((rs) => rs.flatMap((r) => [r, r]))],
      [/^release 0 \(at \d+\) is id \d+, which no participant sent/, doctored((rs) => rs.map((r) => ({ ...r, id: r.id + 1_000_000 })))],
      [/^the subject released [a-z]\d+ at \d+ as participant [A-Z] stamped \d+; participant [A-Z] sent it stamped \d+$/, doctored((rs) => rs.map((r) => ({ ...r, timestamp: r.timestamp + 1 })))],
    ];
    for (const [summary, subject] of cases) {
      const { explanation: e } = await explainedFailure(sequencerCatalog, 'sequencer.safety.sorted-exactly-once', subject, oracle, SEED);
      expect(e?.summary).toMatch(summary);
    }
  });
});
