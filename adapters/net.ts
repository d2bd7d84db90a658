import type { Adapter, MaybePromise } from './adapter.ts';
import type { FrameSpec } from '../reference/net/frame-spec.ts';
import type { NicConfig } from '../reference/net/nic-config.ts';
import type { ParsedFrame } from '../reference/net/parse.ts';
import type { RxCounters, Verdict } from '../reference/net/verdict.ts';

/**
 * What a network stack (a NIC + host stack, kernel-bypass or not) declares it supports.
 * Properties only generate frames and configurations inside these; the reference declares all.
 */
export interface NetCapabilities {
  /** 802.1Q tagged frames and the VLAN filter. */
  readonly vlan: boolean;
  /** Frames that carry the Ethernet FCS (a wire tap / FPGA MAC). */
  readonly fcs: boolean;
  /** MTU up to 9000. */
  readonly jumbo: boolean;
  /** IPv4 headers with options (IHL > 5). */
  readonly ipOptions: boolean;
  /** Answers ARP requests for its address. */
  readonly arp: boolean;
  /** Speaks IGMPv3 (else only v2 configurations are generated). */
  readonly igmpv3: boolean;
  /** XDP-style steering rules and per-path counters. */
  readonly steering: boolean;
  /** Offers build(spec) and parse(frame): the frame codec itself is under test. */
  readonly codec: boolean;
}

export const ALL_NET_CAPABILITIES: NetCapabilities = {
  vlan: true,
  fcs: true,
  jumbo: true,
  ipOptions: true,
  arp: true,
  igmpv3: true,
  steering: true,
  codec: true,
};

/**
 * The network-stack contract. configure() resets all state (ARP cache, memberships, counters).
 * receive() gives the canonical verdict of one frame (reference/net/verdict.ts); join/leave
 * return the frames the stack sends (IGMP); counters() the per-path outcome counts.
 */
export interface NetStackAdapter extends Adapter<NetCapabilities> {
  readonly component: 'net';
  configure(config: NicConfig): MaybePromise<void>;
  receive(frame: Uint8Array): MaybePromise<Verdict>;
  join(group: string, port: number): MaybePromise<Uint8Array[]>;
  leave(group: string, port: number): MaybePromise<Uint8Array[]>;
  counters(): MaybePromise<RxCounters>;
  /** Present when capabilities.codec. */
  build?(spec: FrameSpec): MaybePromise<Uint8Array>;
  parse?(frame: Uint8Array, options: { readonly fcs: boolean }): MaybePromise<ParsedFrame>;
}
