import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { MatchingAdapter, MatchingEvent } from '../../adapters/matching.ts';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import { matchingMutants } from '../../adapters/mutants/matching-all.ts';
import { lifoQueueMutant } from '../../adapters/mutants/matching-lifo-queue.ts';
import { stpIgnoredMutant } from '../../adapters/mutants/matching-stp-ignored.ts';
import { iocRemainderRestsMutant } from '../../adapters/mutants/matching-ioc-remainder-rests.ts';
import { modifyRequeueMisreportedMutant } from '../../adapters/mutants/matching-modify-requeue-misreported.ts';
import type { Mutant } from '../../adapters/mutants/registry.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { MatchingFlow } from '../arbitraries/matching-flow.ts';
import type { Explanation } from '../explanation.ts';
import type { Property } from '../property.ts';
import { iocNeverRests, matchingCatalog, modifyPriority, noSelfTrade, priorityModel } from './catalog.ts';
import { stepOf } from './step-mismatch.ts';

/**
 * Issue 12, point 6 (matching): each explainer on a mutant's shrunk counterexample says what the
 * bug is, checked against facts recomputed here from the flow on the reference engine: a LIFO
 * queue names the two orders and their arrivals in the right order, ignored STP names the
 * self-trade (both orders, their one account, the taker's mode), a resting IOC remainder names
 * the order and the quantity the reference expired.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun with FAIRWIRE_SEED=${SEED})`;

async function counterexample(p: Property<MatchingAdapter, MatchingFlow>, mutant: Mutant<MatchingAdapter>, seed = SEED): Promise<{ flow: MatchingFlow; error: unknown; explanation: Explanation }> {
  const subject = await mutant.create();
  const oracle = referenceMatchingAdapter();
  const r = await fc.check(fc.asyncProperty(p.arbitrary(subject.capabilities), async (flow) => { await p.check(subject, oracle, flow); }), { seed });
  expect(r.failed, `${p.id} does not fail ${mutant.name} ${note}`).toBe(true);
  const flow = r.counterexample![0];
  const explanation = p.explain?.(flow, r.errorInstance);
  expect(explanation, `${p.id} on ${mutant.name}: no explanation ${note}`).toBeDefined();
  return { flow, error: r.errorInstance, explanation: explanation! };
}

/** The reference's events for each command of the flow. */
function referenceEvents(flow: MatchingFlow): MatchingEvent[][] {
  const engine = new MatchingEngine({ symbols: flow.config.symbols });
  return flow.commands.map((c) => engine.apply(c));
}

const fields = (c: unknown) => c as Record<string, unknown>;
const newIndex = (flow: MatchingFlow, id: string) => flow.commands.findIndex((c) => fields(c).type === 'new' && fields(c).id === id);

describe('matching explanations', () => {
  it('every matching property explains its counterexamples', () => {
    for (const p of matchingCatalog) expect(p.explain, p.id).toBeTypeOf('function');
  });

  it('a LIFO queue: names the two orders, the one that arrived first as the one with priority', async () => {
    const { flow, explanation } = await counterexample(priorityModel, lifoQueueMutant);
    const m = /Priority: the engine (?:queued|filled) (\S+) ahead of (\S+) at (\S+) (buy|sell) (\d+), but \2 comes first: \2 queues there since command #(\d+) \(its arrival\), \1 queues there since command #(\d+) \(its arrival\)/.exec(explanation.summary);
    expect(m, `${explanation.summary} ${note}`).not.toBeNull();
    const [, jumped, first, symbol, side, price, sinceFirst, sinceJumped] = m!;
    expect(newIndex(flow, first!)).toBe(Number(sinceFirst));
    expect(newIndex(flow, jumped!)).toBe(Number(sinceJumped));
    expect(Number(sinceFirst)).toBeLessThan(Number(sinceJumped));
    for (const id of [first!, jumped!]) expect(fields(flow.commands[newIndex(flow, id)]), id).toMatchObject({ symbol, side, price });
    // The arrivals are highlighted in the story.
    expect(explanation.timeline!.filter((t) => t.highlight).map((t) => t.at)).toEqual(expect.arrayContaining([Number(sinceFirst), Number(sinceJumped)]));
  });

  it('a modify that misreports its requeue: names the order that went to the back by its modify', async () => {
    const { flow, explanation } = await counterexample(modifyPriority, modifyRequeueMisreportedMutant);
    const m = /Priority: the engine filled (\S+) ahead of (\S+) .*?: \2 queues there since command #(\d+) \([^)]*\), \1 queues there since command #(\d+) \(its modify to the back of the queue\)/.exec(explanation.summary);
    expect(m, `${explanation.summary} ${note}`).not.toBeNull();
    expect(fields(flow.commands[Number(m![4])])).toMatchObject({ type: 'modify', id: m![1] });
  });

  it('ignored STP: names the self-trade, both orders of one account and the taker’s mode', async () => {
    const { flow, error, explanation } = await counterexample(noSelfTrade, stpIgnoredMutant);
    const m = /Self-trade: the engine traded (\d+) between taker (\S+) and resting (\S+?)(?: \(queued since command #\d+\))?, both of account (\S+), although \2 carries stp (\S+)\./.exec(explanation.summary);
    expect(m, `${explanation.summary} ${note}`).not.toBeNull();
    const [, , taker, maker, account, mode] = m!;
    // The taker is the failing command's order: a new one, or a resting one modified into a cross.
    expect(fields(flow.commands[stepOf(error)!])).toMatchObject({ id: taker });
    expect(fields(flow.commands[newIndex(flow, taker!)])).toMatchObject({ account, stp: mode });
    expect(fields(flow.commands[newIndex(flow, maker!)])).toMatchObject({ account });
    expect(mode).not.toBe('none');
    expect(explanation.details!.join('\n'), note).toContain(`${maker} `);
  });

  it('an IOC remainder that rests: names the order and the quantity the reference expired', async () => {
    const { flow, explanation } = await counterexample(iocNeverRests, iocRemainderRestsMutant);
    const m = /The remainder of limit IOC order (\S+) \(command #(\d+)\) lives on in the engine: the reference expired its remaining (\d+) at command #\2/.exec(explanation.summary);
    expect(m, `${explanation.summary} ${note}`).not.toBeNull();
    const [, id, at, quantity] = m!;
    expect(fields(flow.commands[Number(at)])).toMatchObject({ type: 'new', id, tif: 'ioc', orderType: 'limit' });
    expect(referenceEvents(flow)[Number(at)]).toContainEqual(expect.objectContaining({ type: 'expired', id, quantity }));
  });

  it('every mutant counterexample gets an explanation naming its command and the book before it', async () => {
    for (const mutant of matchingMutants) {
      for (const id of mutant.killedBy ?? []) {
        const p = matchingCatalog.find((x) => x.id === id)!;
        const { error, explanation } = await counterexample(p, mutant);
        const step = stepOf(error);
        expect(step, `${id} on ${mutant.name} ${note}`).toBeDefined();
        expect(explanation.summary, `${id} on ${mutant.name}`).toContain(`At command #${step}, `);
        expect(explanation.details![0]).toBe(`the reference's book before command #${step}:`);
        expect(explanation.timeline!.find((t) => t.at === step)?.highlight, `${id} on ${mutant.name}`).toBe(true);
      }
    }
  });

  it('gives no explanation for a failure that names no command of the flow', () => {
    const flow: MatchingFlow = { config: { symbols: [{ symbol: 'X', tickSize: 1 }] }, commands: [] };
    expect(priorityModel.explain!(flow, new Error('vendor exited'))).toBeUndefined();
  });
});

describe('matching explanations of faults', () => {
  it('name the command the engine died on, from the flow and the reference', async () => {
    const flow: MatchingFlow = {
      config: { symbols: [{ symbol: 'X', tickSize: 1 }] },
      commands: [
        { type: 'new', id: 's1', account: 'A', symbol: 'X', side: 'sell', orderType: 'limit', price: '101', quantity: '5' },
        { type: 'new', id: 'b1', account: 'B', symbol: 'X', side: 'buy', orderType: 'limit', price: '101', quantity: '3' },
      ],
    };
    const reference = referenceMatchingAdapter();
    const dies: MatchingAdapter = { ...reference, name: 'dies', apply: (c) => ((c as { id?: string }).id === 'b1' ? Promise.reject(new Error('vendor exited with status 7')) : reference.apply(c)) };
    const error = await Promise.resolve(priorityModel.check(dies, referenceMatchingAdapter(), flow)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const e = priorityModel.explain!(flow, error)!;
    expect(e.summary).toContain('At command #1, order b1 (buy 3 @ 101 on X, account B): the reference traded 3 against s1 at 101, leaving s1 with 2.');
    expect(e.details).toEqual(["the reference's book before command #1:", '  X:', '    ask 101 (5): s1 5 [A]', '    bids: none']);
  });
});
