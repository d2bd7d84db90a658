import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { RingReader, type DmaRing } from '../../reference/fpga/dma-ring.ts';
import type { Mutant } from './registry.ts';

/** Bug: the reader does not re-read the status after copying the words (no seqlock check). */
class TornReader extends RingReader {
  constructor(ring: DmaRing) {
    super(ring);
    this.checkTorn = false;
  }
}

export const fpgaReaderAcceptsTorn: Mutant<FpgaAdapter> = {
  name: 'fpga-reader-accepts-torn',
  component: 'fpga',
  bug: 'the ring reader accepts a record the writer overwrote while it was being copied (torn)',
  killedBy: ['fpga.dma.ring'],
  create: () => new FpgaModelAdapter('mutant:fpga-reader-accepts-torn', { reader: (r) => new TornReader(r) }),
};
