import { describe, expect, it } from 'vitest';
import type { LoqAdapter, PoppedOrder } from '../../adapters/loq.ts';
import { LOQ_MUTANTS } from '../../adapters/mutants/loq-mutants.ts';
import { referenceLoqAdapter } from '../../adapters/reference/loq.ts';
import { explanationLines, type Explanation } from '../explanation.ts';
import { Mismatch } from '../mismatch.ts';
import { explainedFailure } from '../testing/explain-failure.ts';
import { loqCatalog } from './catalog.ts';

const oracle = referenceLoqAdapter();
const SEED = Number(process.env.FAIRWIRE_SEED ?? 7);
const SEEDS = [1, 42, SEED];
const text = (e: Explanation | undefined) => (e ? explanationLines(e).join('\n') : '(no explanation)');
const mutant = (name: string) => () => LOQ_MUTANTS.find((m) => m.name === name)!.create();

/** The engine's processing order, as the check's own message prints it ("ME order 1,2,0,..."). */
const engineOrder = (err: unknown) => (/ME order ([\d,]*)\)/.exec((err as Error).message)?.[1] ?? '').split(',').map(Number);

/** The pair a trades-differ explanation names: x (older) and y, with "reached the engine as oY, oX". */
function expectSwappedPair(e: Explanation | undefined, err: unknown, seed: number): { x: number; y: number } {
  const m = /^o(\d+) \(.*\) and o(\d+) \(.*\) reached the engine as o(\d+), o(\d+) because /.exec(e?.summary ?? '');
  expect(m, `seed ${seed}\n${text(e)}`).not.toBeNull();
  const [x, y] = [Number(m![1]), Number(m![2])];
  expect([Number(m![3]), Number(m![4])]).toEqual([y, x]);
  // Ids are timestamp order; the engine really processed y before x (the check's own record).
  expect(x).toBeLessThan(y);
  const order = engineOrder(err);
  expect(order.indexOf(y), `seed ${seed}: ME order ${order}`).toBeLessThan(order.indexOf(x));
  expect(e!.details?.[0]).toMatch(/^first trade that changes: timestamp order gives ".*", the engine's order ".*"$/);
  const highlighted = e!.timeline?.filter((t) => t.highlight).map((t) => t.what).join('\n') ?? '';
  expect(highlighted).toMatch(new RegExp(`\\bo${x}\\b`));
  expect(highlighted).toMatch(new RegExp(`\\bo${y}\\b`));
  return { x, y };
}

describe('LOQ explanations name the two orders whose priority swapped and why', () => {
  it('the timestamp merge (expected failure): two non-critical bids swapped because a gateway LOQ held the older behind a critical order', async () => {
    for (const seed of SEEDS) {
      const { error, explanation: e } = await explainedFailure(loqCatalog, 'loq.composition.timestamp-merge', () => referenceLoqAdapter(), oracle, seed);
      const { x } = expectSwappedPair(e, error, seed);
      expect(e!.summary, text(e)).toMatch(new RegExp(`^o${x} \\(bid (\\d+), t=\\d+, participant \\d+, non-critical, epoch \\d+\\) and o\\d+ \\(bid \\1, t=\\d+, participant \\d+, non-critical, epoch \\d+\\) reached the engine as o\\d+, o${x} because the merge ordered by timestamp alone while gateway \\d+'s LOQ held o${x} behind critical o\\d+`));
    }
  });

  it('the skewed mid (expected failure): a gateway filed an order under the old epoch because it saw the mid change late', async () => {
    for (const seed of SEEDS) {
      const { error, explanation: e } = await explainedFailure(loqCatalog, 'loq.fairness.skewed-mid', () => referenceLoqAdapter(), oracle, seed);
      expectSwappedPair(e, error, seed);
      expect(e!.summary, text(e)).toMatch(/because gateway \d+ filed o\d+ under epoch (\d+) with mid \d+ \((non-)?critical\), but its timestamp t=\d+ lies in epoch (?!\1)\d+, mid \d+ from t=\d+: gateway \d+ saw that change only at t=\d+/);
    }
  });

  it('an LOQ that pops newest first (tags right): the pipeline names the LOQ that popped the younger order first', async () => {
    const ref = referenceLoqAdapter();
    // Tags come from the reference; only the pop order is wrong: the largest key of what is queued leaves first.
    const newestFirst: LoqAdapter = {
      ...ref,
      capabilities: { loq: true, simplePq: false, proxy: false },
      create: async (c) => {
        const q = await ref.create(c);
        const buffer: PoppedOrder[] = [];
        return {
          ...q,
          pop: async () => {
            for (let p = await q.pop(); p; p = await q.pop()) buffer.push(p);
            return buffer.pop() ?? null;
          },
          size: async () => (await q.size()) + buffer.length,
        };
      },
    };
    const { error, explanation: e } = await explainedFailure(loqCatalog, 'loq.fairness.appendix-i', () => newestFirst, oracle, SEED);
    if ((error as Mismatch).kind === 'trades-differ') {
      const { x, y } = expectSwappedPair(e, error, SEED);
      expect(e!.summary, text(e)).toMatch(new RegExp(`because gateway \\d+'s LOQ popped o${y} \\(at t=\\d+\\) before o${x} \\(at t=\\d+\\) while both were queued there, although o${x}'s key is smaller`));
    } else throw new Error(`expected trades-differ, got ${(error as Mismatch).kind}: ${text(e)}`);
  });

  it('loq-no-epoch: the order reported in the wrong epoch, its key and the key it should have had', async () => {
    for (const id of ['loq.pop.order', 'loq.fairness.appendix-i']) {
      for (const seed of SEEDS) {
        const { error, explanation: e } = await explainedFailure(loqCatalog, id, mutant('loq-no-epoch'), oracle, seed);
        const err = error as Mismatch;
        expect(err.kind).toBe('wrong-epoch');
        const want = typeof err.expected === 'number' ? err.expected : (err.expected as { epoch: number }).epoch;
        expect(e?.summary, `${id} seed ${seed}\n${text(e)}`).toMatch(new RegExp(`pop(ped)? .*o\\d+ \\(.*\\).* reporting epoch \\d+: its key is \\(epoch ${want}, (non-)?critical, t=\\d+, participant \\d+\\), not \\(epoch (?!${want},)\\d+`));
        expect(text(e)).toMatch(/epoch \d+ \((no mid change before it|after \d+ mid change|mid changes before it)|upstream tags it keeps/);
      }
    }
  });

  it('loq-ask-test-reversed: the misclassified ask and the rule with its numbers', async () => {
    for (const id of ['loq.pop.order', 'loq.fairness.appendix-i']) {
      for (const seed of SEEDS) {
        const { error, explanation: e } = await explainedFailure(loqCatalog, id, mutant('loq-ask-test-reversed'), oracle, seed);
        expect((error as Mismatch).kind).toBe('misclassified');
        expect(e?.summary, text(e)).toMatch(/o\d+ \(ask \d+, t=\d+, participant \d+\).* reporting (non-)?critical: its key is \(epoch \d+, (non-)?critical/);
        expect(text(e)).toMatch(/an ask is critical iff price ≤ M \+ A = \d+ \+ \d+ = (\d+); \d+ (≤|>) \1/);
      }
    }
  });

  it('pop order (simple-pq LIFO ties, tagged FIFO): the popped order and the one that was due, named as the check saw them', async () => {
    for (const [name, id] of [
      ['loq-simple-pq-lifo-ties', 'loq.simple-pq.order'],
      ['loq-tagged-fifo-within-class', 'loq.pop.order'],
    ] as const) {
      for (const seed of SEEDS) {
        const { error, explanation: e } = await explainedFailure(loqCatalog, id, mutant(name), oracle, seed);
        const err = error as Mismatch;
        expect(err.kind).toBe('reordered');
        const [got, due] = [(err.actual as { id: number }).id, (err.expected as { id: number }).id];
        expect(e?.summary, `${name} seed ${seed}\n${text(e)}`).toMatch(new RegExp(`^pop at step \\d+ returned o${got} \\(.*\\), key \\(.*\\), while o${due} \\(.*\\) was queued with (the smaller key|the same key and pushed earlier)`));
        expect(e!.timeline?.some((t) => t.highlight && t.what.startsWith('pop → '))).toBe(true);
      }
    }
  });
});
