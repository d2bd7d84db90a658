import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { TupleHeap } from './tuple-heap.ts';
import { CLS_SPAN, TS_SPAN } from './packed-key.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const MAX = Number.MAX_SAFE_INTEGER;
type Key = readonly [number, number, number, number];
const cmp = (a: Key, b: Key) => (a[0] !== b[0] ? a[0] - b[0] : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[2] !== b[2] ? a[2] - b[2] : a[3] - b[3]);

type Op = { push: true; dc: number; dt: number; pid: number } | { push: false };
/**
 * Class and timestamp move by small steps (the packed fast path, with many ties), by drops below
 * the bases that fit the budget (re-basing a full heap) and by jumps past the budget (tuple
 * fallback), in both directions, up to the safe-integer edges.
 */
const step = (span: number) =>
  fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -2, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(span / 8, -span / 8, span / 2, span, -span, 2 * span, 2 ** 52, -(2 ** 52)) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ push: fc.constant(true as const), dc: step(CLS_SPAN), dt: step(TS_SPAN), pid: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.constant({ push: false as const }) },
);
const clamp = (x: number) => Math.max(-MAX, Math.min(MAX, x));

describe('TupleHeap', () => {
  it('pops in (class, timestamp, participant, arrival) order in packed and fallback modes alike', () => {
    const modes = { packed: 0, fallback: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: -MAX, max: MAX }), fc.array(opArb, { maxLength: 300 }), (c0, t0, ops) => {
        const h = new TupleHeap<number>(2);
        const model: Key[] = [];
        let [c, t, arrival] = [c0, t0, 0];
        for (const op of ops) {
          if (op.push) {
            c = Math.max(0, clamp(c + op.dc));
            t = clamp(t + op.dt);
            model.push([c, t, op.pid, arrival]);
            h.push(c, t, op.pid, arrival++);
            modes[h.packed ? 'packed' : 'fallback']++;
          } else {
            model.sort(cmp);
            const want = model.shift();
            expect(h.pop()).toBe(want?.[3]);
            if (want) expect(h.poppedClass).toBe(want[0]);
          }
          expect(h.size).toBe(model.length);
        }
        model.sort(cmp);
        for (const want of model) expect(h.pop()).toBe(want[3]);
        expect(h.pop()).toBeUndefined();
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(modes.packed).toBeGreaterThan(0);
    expect(modes.fallback).toBeGreaterThan(0);
  });

  it('pops like a sort at depth (thousands of entries, every 4-ary level full, ties sparse or dense)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 5000 }), fc.constantFrom(3, 1000, 2 ** 30), fc.integer(), (depth, spread, seed) => {
        let s = seed >>> 0;
        const rnd = (m: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % m);
        const h = new TupleHeap<number>(4);
        const model: Key[] = [];
        let arrival = 0;
        const push = () => {
          const k: Key = [rnd(4), rnd(spread), rnd(3), arrival];
          model.push(k);
          h.push(k[0], k[1], k[2], arrival++);
        };
        for (let i = 0; i < depth; i++) push();
        model.sort(cmp);
        // steady state: push one, pop one (the bench's shape), then drain
        for (let i = 0; i < depth; i++) {
          push();
          model.sort(cmp);
          const want = model.shift()!;
          expect(h.pop()).toBe(want[3]);
          expect(h.poppedClass).toBe(want[0]);
        }
        for (const want of model) expect(h.pop()).toBe(want[3]);
        expect(h.size).toBe(0);
      }),
      { numRuns: 12 },
    );
  });

  it('falls back to the tuple when the queued spread exceeds the budget, and packs again once it narrows', () => {
    const h = new TupleHeap<string>();
    h.push(4, 100, 0, 'a');
    h.push(4, 100 + TS_SPAN, 0, 'far');
    expect(h.packed).toBe(false);
    for (let i = 0; i < 3; i++) h.push(4, 101 + i, 1, `b${i}`);
    expect([h.pop(), h.pop(), h.pop()]).toEqual(['a', 'b0', 'b1']);
    expect(h.packed).toBe(false);
    expect(h.pop()).toBe('b2');
    // Only 'far' is left: the next push may re-base (once per n pushes) and pack again.
    h.push(4, 200 + TS_SPAN, 0, 'c');
    expect(h.packed).toBe(true);
    expect([h.pop(), h.pop(), h.pop()]).toEqual(['far', 'c', undefined]);
  });
});
