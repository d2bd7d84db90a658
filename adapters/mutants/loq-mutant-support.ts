import { ALL_LOQ_CAPABILITIES, type LoqAdapter, type LoqConfig, type LoqInstance, type LoqOrder } from '../loq.ts';
import type { Mutant } from './registry.ts';

/**
 * A deliberately simple LOQ (an array and a linear scan, independent of reference/loq) into
 * which each mutant switches exactly one bug. With no bug it is correct; a test checks the
 * catalog passes it.
 */
export interface LoqBugs {
  /** The epoch is neither tracked nor part of the key: pops by (critical?, timestamp, participant). */
  readonly noEpoch?: boolean;
  /** Asks are critical iff price >= M + A (the bid test mirrored the wrong way). */
  readonly askTestReversed?: boolean;
  /** SimplePQ: equal (timestamp, participant) leave newest first (LIFO on ties). */
  readonly simplePqLifoTies?: boolean;
  /** pushTagged orders leave FIFO within their (epoch, class), ignoring timestamp and participant. */
  readonly taggedFifoWithinClass?: boolean;
}

interface Entry {
  readonly order: LoqOrder;
  readonly key: readonly number[];
  readonly epoch: number;
  readonly critical: boolean;
}

function createInstance(config: LoqConfig, bugs: LoqBugs): LoqInstance {
  const entries: Entry[] = [];
  let arrivals = 0;
  let mid = config.kind === 'loq' ? config.mid : 0;
  let epoch = 0;
  const window = config.kind === 'loq' ? config.window : 0;
  const classify = (o: LoqOrder): boolean => {
    if (config.kind !== 'loq') return true;
    if (o.side === 'bid') return o.price >= mid - window;
    return bugs.askTestReversed ? o.price >= mid + window : o.price <= mid + window;
  };
  return {
    push: (order) => {
      const critical = classify(order);
      // SimplePQ has one epoch whatever the mid.
      const e = bugs.noEpoch || config.kind !== 'loq' ? 0 : epoch;
      const arrival = arrivals++;
      const tie = config.kind !== 'loq' && bugs.simplePqLifoTies ? -arrival : arrival;
      entries.push({ order, epoch: e, critical, key: [e, critical ? 0 : 1, order.timestamp, order.participant, tie] });
    },
    pop: () => {
      let best = -1;
      entries.forEach((x, i) => {
        const b = entries[best];
        if (!b) return void (best = i);
        for (let k = 0; k < x.key.length; k++) {
          if (x.key[k] !== b.key[k]) {
            if (x.key[k]! < b.key[k]!) best = i;
            return;
          }
        }
      });
      if (best < 0) return null;
      const [e] = entries.splice(best, 1);
      return { order: e!.order, epoch: e!.epoch, critical: e!.critical };
    },
    pushTagged: (order, tagEpoch, critical) => {
      const e = bugs.noEpoch ? 0 : tagEpoch;
      const [ts, pid] = bugs.taggedFifoWithinClass ? [-Infinity, 0] : [order.timestamp, order.participant];
      entries.push({ order, epoch: e, critical, key: [e, critical ? 0 : 1, ts, pid, arrivals++] });
    },
    setMid: (m) => {
      if (m !== mid && !bugs.noEpoch) epoch++;
      mid = m;
    },
    size: () => entries.length,
  };
}

export function naiveLoqAdapter(name: string, bugs: LoqBugs): LoqAdapter {
  return { name, component: 'loq', capabilities: ALL_LOQ_CAPABILITIES, create: (c) => createInstance(c, bugs) };
}

export function loqMutant(name: string, bug: string, killedBy: readonly string[], bugs: LoqBugs): Mutant<LoqAdapter> {
  return { name, component: 'loq', bug, killedBy, create: () => naiveLoqAdapter(`mutant:${name}`, bugs) };
}
