import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ClassAwareMerge } from './class-merge.ts';
import { LimitOrderQueue } from './loq.ts';
import type { LoqOrder } from './order.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

type Key = [number, number, number, number];
const cmp = (a: Key, b: Key) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];

describe('ClassAwareMerge', () => {
  it('merges real LOQ outputs into (epoch, class, timestamp, participant) order, whatever the interleaving', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.nat(3), fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.nat(4), fc.boolean()), { maxLength: 60 }),
        fc.array(fc.nat(3), { maxLength: 200 }),
        (links, script, deliveries) => {
          // Each link: an LOQ fed in timestamp order with mid moves, popped at random moments.
          const queues = Array.from({ length: links }, () => new LimitOrderQueue({ mid: 100, window: 1 }));
          const outputs: { o: LoqOrder; e: number; c: boolean }[][] = Array.from({ length: links }, () => []);
          let ts = 0;
          let mid = 100;
          script.forEach(([l0, bid, off, popN, move], id) => {
            const l = l0 % links;
            ts++;
            if (move) {
              mid += off;
              for (const q of queues) q.setMid(mid);
            }
            queues[l]!.push({ id, participant: l, side: bid ? 'bid' : 'ask', price: mid + off, quantity: 1, timestamp: ts });
            for (let k = 0; k < popN; k++) {
              const o = queues[l]!.pop();
              if (o) outputs[l]!.push({ o, e: queues[l]!.poppedEpoch, c: queues[l]!.poppedCritical });
            }
          });
          queues.forEach((q, l) => {
            for (let o = q.pop(); o; o = q.pop()) outputs[l]!.push({ o, e: q.poppedEpoch, c: q.poppedCritical });
          });
          const out: Key[] = [];
          const m = new ClassAwareMerge<LoqOrder>(links, (o, e, c) => out.push([e, c ? 0 : 1, o.timestamp, o.participant]));
          const next = new Array<number>(links).fill(0);
          const deliver = (l: number) => {
            const x = outputs[l]![next[l]!++];
            if (x) m.enqueue(l, x.e, x.c, x.o.timestamp, x.o.participant, x.o);
            else if (next[l] === outputs[l]!.length + 1) m.close(l);
          };
          for (const d of deliveries) deliver(d % links);
          for (let l = 0; l < links; l++) while (next[l]! <= outputs[l]!.length) deliver(l);
          const all = outputs.flat().map((x): Key => [x.e, x.c ? 0 : 1, x.o.timestamp, x.o.participant]);
          expect(out).toEqual([...all].sort(cmp));
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('refuses a bad link', () => {
    const m = new ClassAwareMerge<number>(2, () => {});
    expect(() => m.enqueue(2, 0, true, 0, 0, 0)).toThrow(/bad-order/);
    expect(() => new ClassAwareMerge(0, () => {})).toThrow(/bad-config/);
  });
});
