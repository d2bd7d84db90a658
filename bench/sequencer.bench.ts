import { loadavg } from 'node:os';
import { formatResult, machine, type BenchResult } from './lib/harness.ts';
import { timed } from './loq.bench.ts';
import { JasperSequencer } from '../reference/sequencer/jasper.ts';
import { SequencerTree } from '../reference/sequencer/tree.ts';

/**
 * Sequencer throughput: one op = one message enqueued (and, in steady state, one released).
 * Arrivals are a pre-generated pseudo-random interleaving of the participants with
 * per-participant increasing timestamps; replaying it shifts timestamps by a whole span per
 * cycle so every link stays monotone. Nothing is allocated per message. Wall and CPU-time
 * ops/s and the load average are reported; each case runs its own batch loop (see `timed` in
 * loq.bench.ts).
 */
const BITS = 16;
const MASK = (1 << BITS) - 1;

function workload(participants: number, seed: number): { pid: Int32Array; ts: Float64Array; span: number } {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const clock = new Float64Array(participants);
  const pid = new Int32Array(MASK + 1);
  const ts = new Float64Array(MASK + 1);
  for (let i = 0; i <= MASK; i++) {
    const p = Math.floor(rnd() * participants);
    clock[p]! += 1 + Math.floor(rnd() * 1000); // ns between a participant's orders
    pid[i] = p;
    ts[i] = clock[p]!;
  }
  let span = 0;
  for (let p = 0; p < participants; p++) span = Math.max(span, clock[p]!);
  return { pid, ts, span: span + 1 };
}

function jasper(participants: number): BenchResult {
  const w = workload(participants, 42 + participants);
  let released = 0;
  const seq = new JasperSequencer<number>({ links: participants, onRelease: () => void released++ });
  return timed(
    `sequencer.jasper n=${participants}`,
    (i0, n) => {
      for (let i = i0; i < i0 + n; i++) {
        const k = i & MASK;
        const p = w.pid[k]!;
        seq.enqueue(p, w.ts[k]! + (i >>> BITS) * w.span, p, i);
      }
    },
    () => ({ participants, released, buffered: seq.buffered() }),
  );
}

function tree(participants: number, fanout: number): BenchResult {
  const w = workload(participants, 7 + participants);
  let released = 0;
  const t = new SequencerTree<number>({ participants, fanout }, () => void released++);
  return timed(
    `sequencer.tree n=${participants} fanout=${fanout}`,
    (i0, n) => {
      for (let i = i0; i < i0 + n; i++) {
        const k = i & MASK;
        t.enqueue(w.pid[k]!, w.ts[k]! + (i >>> BITS) * w.span, i);
      }
    },
    () => ({ participants, depth: t.depth, released }),
  );
}

export async function run(): Promise<BenchResult[]> {
  return [jasper(100), jasper(1000), tree(1000, 10)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${machine()} · load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const r of await run()) console.log(formatResult(r));
}
