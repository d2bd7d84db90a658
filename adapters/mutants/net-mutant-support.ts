import type { NetStackAdapter } from '../net.ts';
import { nicAdapter } from '../reference/net.ts';
import type { NicConfig } from '../../reference/net/nic-config.ts';
import type { Nic } from '../../reference/net/nic.ts';
import type { Mutant } from './registry.ts';

/** A network-stack mutant: the reference Nic with exactly one protected decision overridden. */
export function nicMutant(name: string, bug: string, killedBy: string[], Cls: new (c: NicConfig) => Nic): Mutant<NetStackAdapter> {
  return { name, component: 'net', bug, killedBy, create: () => nicAdapter({ name: `mutant:${name}`, makeNic: (c) => new Cls(c) }) };
}
