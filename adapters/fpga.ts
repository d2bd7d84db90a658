import type { Adapter, MaybePromise } from './adapter.ts';
import type { FastCapabilities } from './fast.ts';
import type { StreamDecodeResult } from '../reference/fast/canonical.ts';
import type { DmaRing, DmaWriter, RingReader } from '../reference/fpga/dma-ring.ts';

/**
 * The FPGA decoder model contract: a FAST decoder whose output is DMA ring records
 * (spec/fpga/dma-record.md). A vendor's hardware (or its simulation) answers with the records
 * it wrote; the host reads them back into canonical messages with the program's metadata.
 */
export interface FpgaCapabilities extends FastCapabilities {
  /** Returns the raw 64-byte ring records (byte-exact comparison with the model). */
  readonly records: boolean;
  /** Exposes its ring writer / reader for the ring properties (in-process models). */
  readonly ringModel: boolean;
  /** Prints and re-assembles microcode listings (`listing`, `assemble`). */
  readonly assembler: boolean;
}

export interface FpgaDecodeOutput {
  readonly result: StreamDecodeResult;
  /** Every record read from the ring, in order (empty unless `records`). */
  readonly records: readonly Uint8Array[];
}

export interface RingParts {
  readonly ring: DmaRing;
  readonly writer: DmaWriter;
  readonly reader: RingReader;
}

export interface FpgaAdapter extends Adapter<FpgaCapabilities> {
  readonly component: 'fpga';
  loadTemplates(xml: string): MaybePromise<void>;
  /** Dictionaries back to undefined. */
  reset(): MaybePromise<void>;
  decode(bytes: Uint8Array, options: { readonly reset: 'none' | 'message' }): MaybePromise<FpgaDecodeOutput>;
  /** The assembly listing of the program compiled from the templates. */
  listing?(xml: string): MaybePromise<string>;
  /** Parses a listing and prints it again (the canonical form). */
  assemble?(listing: string): MaybePromise<string>;
  /** A fresh ring of `capacity` records with this implementation's writer and reader. */
  ringParts?(capacity: number): RingParts;
}
