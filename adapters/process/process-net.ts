import { ALL_NET_CAPABILITIES, type NetCapabilities, type NetStackAdapter } from '../net.ts';
import type { FrameSpec } from '../../reference/net/frame-spec.ts';
import type { NicConfig } from '../../reference/net/nic-config.ts';
import type { ParsedFrame } from '../../reference/net/parse.ts';
import type { RxCounters, Verdict } from '../../reference/net/verdict.ts';
import { capabilitiesFor } from './capabilities.ts';
import type { VendorSession } from './vendor-session.ts';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

/**
 * NetStackAdapter over the vendor protocol: frames travel as lowercase hex, verdicts and parsed
 * frames in their canonical JSON (reference/net/verdict.ts, parse.ts). After a restart the last
 * configuration is re-sent (memberships joined since then are lost: the fault failed that property).
 * build/parse exist only when the vendor declares `codec`.
 */
export function createProcessNet(session: VendorSession, name: string, override?: Readonly<Record<string, boolean>>): NetStackAdapter {
  const capabilities = capabilitiesFor<NetCapabilities>(ALL_NET_CAPABILITIES, session.ready, 'net', override);
  let config: NicConfig | undefined;
  session.onRestart = async (p) => {
    if (config !== undefined) await p.request('net.configure', { config });
  };
  const frames = async (op: 'net.join' | 'net.leave', group: string, port: number) =>
    (await session.request<{ frames: string[] }>(op, { group, port })).frames.map(bytes);
  const adapter: NetStackAdapter = {
    name,
    component: 'net',
    capabilities,
    async configure(c: NicConfig): Promise<void> {
      config = undefined;
      await session.request('net.configure', { config: c });
      config = c;
    },
    async receive(frame: Uint8Array): Promise<Verdict> {
      return (await session.request<{ verdict: Verdict }>('net.receive', { hex: hex(frame) })).verdict;
    },
    join: (group, port) => frames('net.join', group, port),
    leave: (group, port) => frames('net.leave', group, port),
    async counters(): Promise<RxCounters> {
      return (await session.request<{ counters: RxCounters }>('net.counters', {})).counters;
    },
    close: () => session.close(),
  };
  if (!capabilities.codec) return adapter;
  return {
    ...adapter,
    async build(spec: FrameSpec): Promise<Uint8Array> {
      return bytes((await session.request<{ hex: string }>('net.build', { spec })).hex);
    },
    async parse(frame: Uint8Array, options: { readonly fcs: boolean }): Promise<ParsedFrame> {
      return (await session.request<{ frame: ParsedFrame }>('net.parse', { hex: hex(frame), fcs: options.fcs })).frame;
    },
  };
}
