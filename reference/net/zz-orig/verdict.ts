/**
 * What a network stack does with one received frame (canonical JSON, spec/net/frames.md).
 * Every frame gets exactly one verdict and is accounted to exactly one path.
 */
export type RxPath = 'fast' | 'slow';

/** Why a frame was dropped, in the order the checks run (spec/net/frames.md). */
export const DROP_REASONS = [
  'truncated',
  'runt',
  'bad-fcs',
  'oversize',
  'vlan-filtered',
  'mac-filtered',
  'unsupported-ethertype',
  'arp-unsupported',
  'arp-not-for-us',
  'bad-ip-version',
  'bad-ip-header-length',
  'bad-ip-checksum',
  'bad-ip-length',
  'bad-ip-options',
  'fragment',
  'not-for-us',
  'not-joined',
  'unsupported-protocol',
  'bad-udp-length',
  'bad-udp-checksum',
  'port-closed',
  'igmp-bad-ttl',
  'bad-igmp-checksum',
  'igmp-bad-length',
  'igmp-unsupported',
  'igmp-ignored',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export type ConsumeReason = 'arp-learned' | 'igmp-query';

export type Verdict =
  | {
      readonly action: 'deliver';
      readonly path: RxPath;
      readonly vlan: number | null;
      readonly src: string;
      readonly srcPort: number;
      readonly dst: string;
      readonly dstPort: number;
      readonly payload: string;
    }
  | { readonly action: 'reply'; readonly path: RxPath; readonly reason: 'arp-request' | 'igmp-query'; readonly frames: readonly string[] }
  | { readonly action: 'consume'; readonly path: RxPath; readonly reason: ConsumeReason }
  | { readonly action: 'drop'; readonly path: RxPath; readonly reason: DropReason };

/** Per path, how many frames ended how: 'deliver', 'reply', a consume reason or a drop reason. */
export type RxCounters = Record<RxPath, Record<string, number>>;

/** The same verdict with keys in canonical order and nothing else (for comparison and output). */
export function canonicalVerdict(v: Verdict): Verdict {
  switch (v.action) {
    case 'deliver':
      return { action: v.action, path: v.path, vlan: v.vlan, src: v.src, srcPort: v.srcPort, dst: v.dst, dstPort: v.dstPort, payload: v.payload };
    case 'reply':
      return { action: v.action, path: v.path, reason: v.reason, frames: [...v.frames] };
    case 'consume':
    case 'drop':
      return { action: v.action, path: v.path, reason: v.reason } as Verdict;
  }
}

/** The counter key a verdict adds one to. */
export function counterKey(v: Verdict): string {
  return v.action === 'deliver' || v.action === 'reply' ? v.action : v.reason;
}
