import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { DmaWriter, SLOTS_PER_RECORD } from '../../reference/fpga/dma-ring.ts';
import type { Mutant } from './registry.ts';

/**
 * Bug: the writer clears a line's slot ids only on the ring's first lap (it trusts the ring to
 * start zeroed), so after a wrap a record with fewer slots than the one it overwrites carries
 * the previous lap's ids in its unused slots. Its own ring memory and its reader agree with it
 * (the bytes are consistently wrong); only the reference writer's record for that sequence
 * number shows the difference. The decode path never wraps its 1024-record ring in a property run.
 */
class StaleIdsWriter extends DmaWriter {
  override slot(id: number, lo: number, hi: number): void {
    if (this.slotN !== SLOTS_PER_RECORD) {
      super.slot(id, lo, hi);
      return;
    }
    // This slot opens a record: the one after the open (full) record, or the next to write.
    const seq = this.written + (this.base >= 0 ? 1 : 0);
    const off = this.ring.lineOffset(seq) + 56;
    const stale = seq >= this.ring.capacity ? this.u8.slice(off, off + SLOTS_PER_RECORD) : undefined;
    super.slot(id, lo, hi);
    // Slot 0 was just written; the other ids are left as the previous lap wrote them.
    if (stale) this.u8.set(stale.subarray(1), off + 1);
  }
}

export const fpgaRingStaleIdsAfterWrap: Mutant<FpgaAdapter> = {
  name: 'fpga-ring-stale-ids-after-wrap',
  component: 'fpga',
  bug: "after the ring wraps, the DMA writer leaves the previous lap's slot ids in a record's unused slots",
  killedBy: ['fpga.dma.ring'],
  create: () => new FpgaModelAdapter('mutant:fpga-ring-stale-ids-after-wrap', { writer: (r) => new StaleIdsWriter(r) }),
};
