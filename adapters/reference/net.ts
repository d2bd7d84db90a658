import { ALL_NET_CAPABILITIES, type NetCapabilities, type NetStackAdapter } from '../net.ts';
import { buildFrame } from '../../reference/net/build.ts';
import type { FrameSpec } from '../../reference/net/frame-spec.ts';
import { DEFAULT_NIC_CONFIG, type NicConfig } from '../../reference/net/nic-config.ts';
import { Nic } from '../../reference/net/nic.ts';
import { parseFrame, type ParsedFrame } from '../../reference/net/parse.ts';

export interface NicAdapterOptions {
  readonly name: string;
  /** Makes the stack for a configuration (a Nic, or a subclass with one decision changed). */
  readonly makeNic?: (config: NicConfig) => Nic;
  readonly build?: (spec: FrameSpec) => Uint8Array;
  readonly parse?: (frame: Uint8Array, options: { readonly fcs: boolean }) => ParsedFrame;
  readonly capabilities?: NetCapabilities;
}

/** An in-process adapter over a Nic model; the reference uses the plain Nic and codec. */
export function nicAdapter(o: NicAdapterOptions): NetStackAdapter {
  const make = o.makeNic ?? ((c: NicConfig) => new Nic(c));
  let nic = make(DEFAULT_NIC_CONFIG);
  return {
    name: o.name,
    component: 'net',
    capabilities: o.capabilities ?? ALL_NET_CAPABILITIES,
    configure(config) {
      nic = make(config);
    },
    receive: (frame) => nic.receive(frame),
    join: (group, port) => nic.join(group, port),
    leave: (group, port) => nic.leave(group, port),
    counters: () => nic.counters(),
    build: o.build ?? buildFrame,
    parse: o.parse ?? parseFrame,
  };
}

export function referenceNetAdapter(): NetStackAdapter {
  return nicAdapter({ name: 'reference' });
}
