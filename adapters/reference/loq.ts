import { ALL_LOQ_CAPABILITIES, type LoqAdapter, type LoqConfig, type LoqInstance } from '../loq.ts';
import { LoqError } from '../../reference/loq/errors.ts';
import { LimitOrderQueue, type OrderQueue } from '../../reference/loq/loq.ts';
import type { LoqOrder } from '../../reference/loq/order.ts';
import { SimplePq } from '../../reference/loq/simple-pq.ts';

function createInstance(config: LoqConfig): LoqInstance {
  let q: OrderQueue<LoqOrder>;
  let setMid: (mid: number) => void;
  let pushTagged: (order: LoqOrder, epoch: number, critical: boolean) => void = () => {
    throw new LoqError('bad-config', 'pushTagged needs a queue of kind loq');
  };
  if (config.kind === 'loq') {
    const loq = new LimitOrderQueue<LoqOrder>({ mid: config.mid, window: config.window });
    q = loq;
    setMid = (mid) => loq.setMid(mid);
    pushTagged = (order, epoch, critical) => loq.pushTagged(order, epoch, critical);
  } else if (config.kind === 'simple-pq') {
    q = new SimplePq<LoqOrder>();
    setMid = (mid) => {
      if (!Number.isSafeInteger(mid)) throw new LoqError('bad-config', `mid ${mid} is not a safe integer`);
    };
  } else {
    throw new LoqError('bad-config', `unknown queue kind ${String((config as { kind: unknown }).kind)}`);
  }
  return {
    push: (o) => q.push(o),
    pushTagged,
    pop: () => {
      const order = q.pop();
      return order ? { order, epoch: q.poppedEpoch, critical: q.poppedCritical } : null;
    },
    setMid,
    size: () => q.size,
  };
}

/** The in-process reference: the oracle and the default subject. */
export function referenceLoqAdapter(): LoqAdapter {
  return { name: 'reference', component: 'loq', capabilities: ALL_LOQ_CAPABILITIES, create: createInstance };
}

/** The class-aware merge of LOQ outputs (the composition that keeps Appendix I), for pipelines. */
export { ClassAwareMerge } from '../../reference/loq/class-merge.ts';
