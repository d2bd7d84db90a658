import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { DmaWriter, type DmaRing } from '../../reference/fpga/dma-ring.ts';
import type { Mutant } from './registry.ts';

/** Bug: the DMA writer sets the toggle bit to 1 on every lap, so stale records look new. */
class NoFlipWriter extends DmaWriter {
  constructor(ring: DmaRing) {
    super(ring);
    this.flipToggle = false;
  }
}

export const fpgaToggleNoFlip: Mutant<FpgaAdapter> = {
  name: 'fpga-toggle-no-flip',
  component: 'fpga',
  bug: 'the ring toggle bit does not flip on wrap, so a polling reader takes last lap\'s records as new',
  killedBy: ['fpga.dma.ring'],
  create: () => new FpgaModelAdapter('mutant:fpga-toggle-no-flip', { writer: (r) => new NoFlipWriter(r) }),
};
