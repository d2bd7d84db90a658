import { AdapterFault } from '../fault.ts';
import {
  ALL_SEQUENCER_CAPABILITIES,
  type ReleasedMessage,
  type SequencerAdapter,
  type SequencerCapabilities,
  type SequencerConfig,
  type SequencerInstance,
} from '../sequencer.ts';
import { capabilitiesFor } from './capabilities.ts';
import type { VendorSession } from './vendor-session.ts';

/**
 * SequencerAdapter over the vendor protocol: sequencer.create returns an instance handle; the
 * other ops carry it. A handle belongs to one vendor process: used after a restart it is a
 * fault (the instance's state died with the old process), never silently another instance.
 */
export function createProcessSequencer(
  session: VendorSession,
  name: string,
  override?: Readonly<Record<string, boolean>>,
): SequencerAdapter {
  return {
    name,
    component: 'sequencer',
    capabilities: capabilitiesFor<SequencerCapabilities>(ALL_SEQUENCER_CAPABILITIES, session.ready, 'sequencer', override),
    async create(config: SequencerConfig): Promise<SequencerInstance> {
      const owner = await session.process();
      const { instance, proxyHeartbeatPeriod } = await owner.request<{ instance: number; proxyHeartbeatPeriod?: number }>('sequencer.create', { config });
      const call = async <T>(op: 'sequencer.enqueue' | 'sequencer.heartbeat' | 'sequencer.tick' | 'sequencer.drain', params: Record<string, unknown>) => {
        const live = await session.process();
        if (live !== owner) throw new AdapterFault(`sequencer instance ${instance} was lost when the vendor restarted`, { op, params }, undefined, 'crash');
        return live.request<T>(op, { instance, ...params });
      };
      return {
        ...(proxyHeartbeatPeriod === undefined ? {} : { proxyHeartbeatPeriod }),
        enqueue: async (now, participant, timestamp, id) => void (await call('sequencer.enqueue', { now, participant, timestamp, id })),
        heartbeat: async (now, participant, timestamp) => void (await call('sequencer.heartbeat', { now, participant, timestamp })),
        tick: async (now) => void (await call('sequencer.tick', { now })),
        drain: async () => (await call<{ released: ReleasedMessage[] }>('sequencer.drain', {})).released,
      };
    },
    close: () => session.close(),
  };
}
