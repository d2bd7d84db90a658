import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from './event-queue.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const params = { seed: SEED, numRuns: 200 };

describe('EventQueue', () => {
  it('pops by time, and events at the same time in insertion order (many ties)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ push: fc.constant(true), t: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 2_000_000 })) }),
            fc.constant({ push: false, t: 0 }),
          ),
          { maxLength: 400 },
        ),
        (ops) => {
          const q = new EventQueue(4); // small: exercises growth
          const model: { t: number; id: number }[] = [];
          let id = 0;
          let now = 0;
          for (const op of ops) {
            if (op.push) {
              // Never in the past, as the simulator schedules.
              const t = now + op.t;
              q.push(t, id, 7 - id, id * 3);
              model.push({ t, id: id++ });
            } else {
              model.sort((a, b) => a.t - b.t || a.id - b.id);
              const want = model.shift();
              expect(q.pop()).toBe(want !== undefined);
              if (want) {
                expect([q.t, q.a, q.b, q.c]).toEqual([want.t, want.id, 7 - want.id, want.id * 3]);
                now = q.t;
              }
            }
            expect(q.size).toBe(model.length);
          }
          model.sort((a, b) => a.t - b.t || a.id - b.id);
          for (const want of model) {
            expect(q.pop()).toBe(true);
            expect([q.t, q.a]).toEqual([want.t, want.id]);
          }
          expect(q.pop()).toBe(false);
        },
      ),
      params,
    );
  });

  it('orders arbitrary (not monotone) times too, with big integer times exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 300 }), (ts) => {
        const q = new EventQueue(2);
        ts.forEach((t, i) => q.push(t, i, 0, 0));
        const want = ts.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        for (const w of want) {
          expect(q.pop()).toBe(true);
          expect(q.t).toBe(w.t);
          expect(q.a).toBe(w.i);
        }
        expect(q.peekTime()).toBe(Infinity);
      }),
      params,
    );
  });

  it('staged batches merge with single events into one (time, insertion) order, scheduled on commit', () => {
    type Op = { kind: 'push' | 'stage'; t: number } | { kind: 'commit' | 'pop'; t: 0 };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constantFrom('push' as const, 'stage' as const), t: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1_000_000 })) }),
      fc.record({ kind: fc.constantFrom('commit' as const, 'pop' as const), t: fc.constant(0 as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 500 }), (ops) => {
        const q = new EventQueue(2);
        const model: { t: number; id: number }[] = [];
        const staged: { t: number; id: number }[] = [];
        let id = 0;
        let now = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            q.push(now + o.t, id, id + 1, id + 2);
            model.push({ t: now + o.t, id: id++ });
          } else if (o.kind === 'stage') {
            q.stage(now + o.t, id, id + 1, id + 2);
            staged.push({ t: now + o.t, id: id++ });
          } else if (o.kind === 'commit') {
            q.commit();
            model.push(...staged.splice(0));
          } else {
            model.sort((a, b) => a.t - b.t || a.id - b.id);
            const want = model.shift();
            expect(q.pop()).toBe(want !== undefined);
            if (want) {
              expect([q.t, q.a, q.b, q.c]).toEqual([want.t, want.id, want.id + 1, want.id + 2]);
              now = q.t;
            }
          }
          expect(q.size).toBe(model.length);
        }
        q.commit();
        model.push(...staged.splice(0));
        model.sort((a, b) => a.t - b.t || a.id - b.id);
        for (const want of model) {
          expect(q.pop()).toBe(true);
          expect([q.t, q.a]).toEqual([want.t, want.id]);
        }
        expect(q.pop()).toBe(false);
      }),
      params,
    );
  });

  it('a large batch (a root serving 1000 receivers) comes out sorted', () => {
    const q = new EventQueue(4);
    const ts = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1013);
    ts.forEach((t, i) => q.stage(t, i, 0, 0));
    q.commit();
    const out: number[] = [];
    while (q.pop()) out.push(q.t);
    expect(out).toEqual([...ts].sort((a, b) => a - b));
  });

  it('peekTime, scheduled and clear', () => {
    const q = new EventQueue();
    q.push(5, 1, 0, 0);
    q.push(3, 2, 0, 0);
    expect(q.peekTime()).toBe(3);
    expect(q.scheduled).toBe(2);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(false);
    q.push(1, 9, 0, 0);
    expect(q.scheduled).toBe(3);
    expect(q.pop() && q.a).toBe(9);
  });
});

describe('EventQueue, busy buckets and pushes into the past', () => {
  it('sorts a crowded bucket (more than the insertion-sort limit) and an event scheduled before now', () => {
    const q = new EventQueue(4);
    for (let i = 0; i < 200; i++) q.push(5_000 + ((i * 37) % 100), i, 0, 0);
    q.push(10_000_000, 999, 0, 0);
    const out: [number, number][] = [];
    expect(q.pop()).toBe(true);
    out.push([q.t, q.a]);
    q.push(1, 1000, 0, 0); // in the past: still the earliest pending
    expect(q.pop() && q.a).toBe(1000);
    while (q.pop()) out.push([q.t, q.a]);
    // Each time appears twice: the earlier insertion first.
    const want = Array.from({ length: 200 }, (_, i) => [5_000 + ((i * 37) % 100), i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(out).toEqual([...want, [10_000_000, 999]]);
  });
});

describe('EventQueue, crowded buckets', () => {
  it('keeps (time, insertion) order when buckets hold hundreds of events with ties, across far jumps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 1_500 }) }, { weight: 1, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 600_000, max: 700_000 }) }), { minLength: 300, maxLength: 1_500 }),
        (ops) => {
          const q = new EventQueue(8);
          const model: { t: number; id: number }[] = [];
          const staged: { t: number; id: number }[] = [];
          let id = 0;
          let now = 0;
          const commit = () => {
            q.commit();
            model.push(...staged.splice(0));
          };
          const popOne = () => {
            model.sort((a, b) => a.t - b.t || a.id - b.id);
            const want = model.shift()!;
            expect(q.pop()).toBe(true);
            expect([q.t, q.a]).toEqual([want.t, want.id]);
            now = q.t;
          };
          for (const o of ops) {
            if (o === -1) {
              // Staged events wait for the commit; pushes made meanwhile have later seqs.
              commit();
              if (model.length) popOne();
            } else {
              // Coarse times: many events share a time and a bucket.
              const t = now + Math.floor(o / 7) * 7;
              if (id % 3 === 0) {
                q.stage(t, id, 0, 0);
                staged.push({ t, id: id++ });
              } else {
                q.push(t, id, 0, 0);
                model.push({ t, id: id++ });
              }
            }
          }
          commit();
          while (model.length) popOne();
          expect(q.pop()).toBe(false);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('EventQueue, a late commit into a crowded bucket', () => {
  it('a staged batch committed after later pushes at the same times still comes out first (its seqs are older)', () => {
    const q = new EventQueue(8);
    const times = (i: number) => 10_000 + (i % 3);
    for (let i = 0; i < 120; i++) q.stage(times(i), i, 0, 0);
    for (let i = 120; i < 240; i++) q.push(times(i), i, 0, 0);
    q.commit();
    const out: [number, number][] = [];
    while (q.pop()) out.push([q.t, q.a]);
    const want = Array.from({ length: 240 }, (_, i) => [times(i), i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(out).toEqual(want);
  });
});
