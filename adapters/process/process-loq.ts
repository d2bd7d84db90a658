import { AdapterFault } from '../fault.ts';
import { ALL_LOQ_CAPABILITIES, type LoqAdapter, type LoqCapabilities, type LoqConfig, type LoqInstance, type LoqOrder, type PoppedOrder } from '../loq.ts';
import type { Op } from './protocol.ts';
import { capabilitiesFor } from './capabilities.ts';
import type { VendorSession } from './vendor-session.ts';

/**
 * LoqAdapter over the vendor protocol: loq.create returns an instance handle that belongs to
 * one vendor process (used after a restart it is a fault, as for sequencer instances).
 * `pushTagged` exists only when the vendor declares `proxy`.
 */
export function createProcessLoq(session: VendorSession, name: string, override?: Readonly<Record<string, boolean>>): LoqAdapter {
  const capabilities = capabilitiesFor<LoqCapabilities>(ALL_LOQ_CAPABILITIES, session.ready, 'loq', override);
  return {
    name,
    component: 'loq',
    capabilities,
    async create(config: LoqConfig): Promise<LoqInstance> {
      const owner = await session.process();
      const { instance } = await owner.request<{ instance: number }>('loq.create', { config });
      const call = async <T>(op: Op, params: Record<string, unknown>) => {
        const live = await session.process();
        if (live !== owner) throw new AdapterFault(`loq instance ${instance} was lost when the vendor restarted`, { op, params }, undefined, 'crash');
        return live.request<T>(op, { instance, ...params });
      };
      const q: LoqInstance = {
        push: async (order: LoqOrder) => void (await call('loq.push', { order })),
        pop: async () => (await call<{ popped: PoppedOrder | null }>('loq.pop', {})).popped,
        setMid: async (mid: number) => void (await call('loq.setMid', { mid })),
        size: async () => (await call<{ size: number }>('loq.size', {})).size,
      };
      if (capabilities.proxy) {
        return { ...q, pushTagged: async (order, epoch, critical) => void (await call('loq.pushTagged', { order, epoch, critical })) };
      }
      return q;
    },
    close: () => session.close(),
  };
}
