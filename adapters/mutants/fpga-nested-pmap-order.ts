import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { MicrocodeEngine, type Pmap } from '../../reference/fpga/engine.ts';
import type { Mutant } from './registry.ts';

/** Bug: inside a nested group / element, presence-map bits are taken last-field-first in each byte. */
class ReversedNestedPmap extends MicrocodeEngine {
  protected override readPmap(): Pmap {
    const p = super.readPmap();
    // The message's own map is read with no map active (NO_PMAP); nested ones are reversed.
    if (this.pmap.chars.length === 0) return p;
    const chars = p.chars.map((c) => {
      let r = 0;
      for (let b = 0; b < 7; b++) if (c & (1 << b)) r |= 1 << (6 - b);
      return r;
    });
    return { ...p, chars };
  }
}

export const fpgaNestedPmapOrder: Mutant<FpgaAdapter> = {
  name: 'fpga-nested-pmap-order',
  component: 'fpga',
  bug: 'presence-map bits of a nested group are assigned in the wrong (reversed) order',
  killedBy: ['fpga.decode.nested-pmap', 'fpga.decode.equivalence'],
  create: () => new FpgaModelAdapter('mutant:fpga-nested-pmap-order', { engine: (c, o) => new ReversedNestedPmap(c.program, o) }),
};
