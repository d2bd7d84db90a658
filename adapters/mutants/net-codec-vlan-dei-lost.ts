import type { NetStackAdapter } from '../net.ts';
import { nicAdapter } from '../reference/net.ts';
import { buildFrame } from '../../reference/net/build.ts';
import type { FrameSpec } from '../../reference/net/frame-spec.ts';
import type { Mutant } from './registry.ts';

/** The reference builder, except that the VLAN DEI bit is never set. */
function buildWithoutDei(spec: FrameSpec): Uint8Array {
  return buildFrame(spec.vlan ? { ...spec, vlan: { ...spec.vlan, dei: false } } : spec);
}

export const netCodecVlanDeiLost: Mutant<NetStackAdapter> = {
  name: 'net-codec-vlan-dei-lost',
  component: 'net',
  bug: 'the frame builder drops the 802.1Q DEI bit',
  killedBy: ['net.codec.roundtrip', 'net.codec.valid-checksums'],
  create: () => nicAdapter({ name: 'mutant:net-codec-vlan-dei-lost', build: buildWithoutDei }),
};
