import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SequencerTree } from './tree.ts';
import { JasperSequencer } from './jasper.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('SequencerTree', () => {
  it('releases the same sequence as one flat sequencer, with ticks anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.tuple(fc.nat(11), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.boolean()), { maxLength: 120 }),
        (n, fanout, steps) => {
          const treeOut: number[] = [];
          const flatOut: number[] = [];
          const tree = new SequencerTree<number>({ participants: n, fanout }, (_t, _p, id) => treeOut.push(id));
          const flat = new JasperSequencer<number>({ links: n, onRelease: (_t, _p, id) => flatOut.push(id) });
          const clock = new Array<number>(n).fill(0);
          let now = 0;
          steps.forEach(([p0, gap, dummy, tick], id) => {
            const p = p0 % n;
            clock[p]! += gap;
            now = Math.max(now, clock[p]!);
            if (dummy) {
              tree.heartbeat(p, clock[p]!);
              flat.heartbeat(p, clock[p]!, p);
            } else {
              tree.enqueue(p, clock[p]!, id);
              flat.enqueue(p, clock[p]!, p, id);
            }
            if (tick) tree.tick(now);
          });
          for (let p = 0; p < n; p++) {
            tree.heartbeat(p, 1e9);
            flat.heartbeat(p, 1e9, p);
          }
          for (let k = 0; k <= tree.depth; k++) tree.tick(1e9);
          expect(treeOut).toEqual(flatOut);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('has the expected depth', () => {
    expect(new SequencerTree({ participants: 8, fanout: 10 }, () => {}).depth).toBe(0);
    expect(new SequencerTree({ participants: 100, fanout: 10 }, () => {}).depth).toBe(1);
    expect(new SequencerTree({ participants: 1000, fanout: 10 }, () => {}).depth).toBe(2);
    expect(() => new SequencerTree({ participants: 4, fanout: 1 }, () => {})).toThrow(/bad-config/);
  });
});
