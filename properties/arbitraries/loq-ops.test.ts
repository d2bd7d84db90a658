import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loqOpsArb } from './loq-ops.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 515151);

describe(`loq ops arbitrary (seed ${SEED})`, () => {
  it('pushes in non-decreasing timestamp order, with small positive quantities and participants 0..3', () => {
    fc.assert(
      fc.property(loqOpsArb(), (c) => {
        expect(c.window).toBeGreaterThanOrEqual(0);
        for (const op of c.ops) {
          if (op.op !== 'push') continue;
          expect(op.dt).toBeGreaterThanOrEqual(0);
          expect(op.quantity).toBeGreaterThan(0);
          expect(op.participant).toBeGreaterThanOrEqual(0);
          expect(op.participant).toBeLessThanOrEqual(3);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('lands on every window edge on both sides, ties timestamps, keeps the mid, pops an empty queue', () => {
    const seen = new Set<string>();
    let zeroMove = 0;
    let tie = 0;
    let emptyPop = 0;
    for (const c of fc.sample(loqOpsArb(), { seed: SEED, numRuns: 300 })) {
      let queued = 0;
      for (const op of c.ops) {
        if (op.op === 'push') {
          queued++;
          const edge = op.offset === -c.window - 1 ? 'beyond' : op.offset === -c.window ? 'edge' : op.offset === c.window ? 'far-edge' : op.offset === c.window + 1 ? 'far-beyond' : undefined;
          if (edge) seen.add(`${op.side}:${edge}`);
          if (op.dt === 0) tie++;
        } else if (op.op === 'pop') {
          if (queued === 0) emptyPop++;
          queued = Math.max(0, queued - 1);
        } else if (op.op === 'mid' && op.move === 0) zeroMove++;
      }
    }
    expect([...seen].sort()).toEqual(['ask:beyond', 'ask:edge', 'ask:far-beyond', 'ask:far-edge', 'bid:beyond', 'bid:edge', 'bid:far-beyond', 'bid:far-edge']);
    expect(zeroMove).toBeGreaterThan(10);
    expect(tie).toBeGreaterThan(100);
    expect(emptyPop).toBeGreaterThan(10);
  });

  it('pushes tagged orders only when asked (capability proxy): every epoch 0..3 and class, stamped back in time', () => {
    const plain = fc.sample(loqOpsArb(), { seed: SEED, numRuns: 200 }).flatMap((c) => c.ops);
    expect(plain.filter((op) => op.op === 'tagged')).toEqual([]);
    const tags = new Set<string>();
    let backInTime = 0;
    for (const c of fc.sample(loqOpsArb({ tagged: true }), { seed: SEED, numRuns: 200 })) {
      for (const op of c.ops) {
        if (op.op !== 'tagged') continue;
        tags.add(`${op.epoch}:${op.critical}`);
        if (op.back > 0) backInTime++;
      }
    }
    expect(tags.size).toBe(8);
    expect(backInTime).toBeGreaterThan(100);
  });

  it('is deterministic for a seed', () => {
    expect(fc.sample(loqOpsArb(), { seed: SEED, numRuns: 10 })).toEqual(fc.sample(loqOpsArb(), { seed: SEED, numRuns: 10 }));
  });
});
