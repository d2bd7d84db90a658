import type { StreamDecodeResult } from '../fast/canonical.ts';
import type { TemplateSet } from '../fast/template-model.ts';
import { compile, type CompileOptions, type Compiled } from './compiler.ts';
import { DmaRing, DmaWriter, RingReader, type ReaderStats } from './dma-ring.ts';
import { MicrocodeEngine, type EngineOptions, type ResetPolicy } from './engine.ts';
import { RecordAssembler } from './record-assembler.ts';
import { JitEngine } from './jit.ts';

/**
 * One feed through the whole model: engine (interpreter or JIT) -> DMA ring -> polling reader ->
 * record assembler. The host drains the ring after every message, as a polling consumer keeps up.
 */
export interface MessageEngine {
  reset(): void;
  run(bytes: Uint8Array, dma: DmaWriter, options: { reset: ResetPolicy; onMessage?: () => void }): { messages: number };
}

export type EngineKind = 'interpreter' | 'jit';

export interface FeedOptions extends EngineOptions, CompileOptions {
  /** Ring size in records (default 1024). */
  readonly ringCapacity?: number;
  /** When the host drains the ring: after every record (default; never overruns) or after every
   * message (a slow host: a message longer than the ring overruns it, which the reader counts). */
  readonly drain?: 'record' | 'message';
  /** Keep a copy of every record read (for `fpga run` and the equivalence of record bytes). */
  readonly keepRecords?: boolean;
}

export interface FeedResult {
  readonly result: StreamDecodeResult;
  readonly records: Uint8Array[];
  readonly reader: ReaderStats;
}

export type EngineFactory = (compiled: Compiled, options: FeedOptions) => MessageEngine;

export const interpreterFactory: EngineFactory = (c, o) => new MicrocodeEngine(c.program, o);

export class FpgaFeed {
  readonly compiled: Compiled;
  readonly engine: MessageEngine;
  readonly ring: DmaRing;
  private readonly writer: DmaWriter;
  private readonly reader: RingReader;

  constructor(
    set: TemplateSet | Compiled,
    private readonly options: FeedOptions = {},
    factory: EngineFactory = interpreterFactory,
    parts: { writer?: (ring: DmaRing) => DmaWriter; reader?: (ring: DmaRing) => RingReader } = {},
  ) {
    this.compiled = 'program' in set ? set : compile(set, options);
    this.engine = factory(this.compiled, options);
    this.ring = new DmaRing(options.ringCapacity ?? 1024);
    this.writer = parts.writer?.(this.ring) ?? new DmaWriter(this.ring);
    this.reader = parts.reader?.(this.ring) ?? new RingReader(this.ring);
  }

  reset(): void {
    this.engine.reset();
  }

  /** Decodes a stream; the ring persists across calls (records keep their sequence numbers). */
  decode(bytes: Uint8Array, reset: ResetPolicy): FeedResult {
    const asm = new RecordAssembler(this.compiled.meta);
    const records: Uint8Array[] = [];
    const keep = this.options.keepRecords ?? false;
    const drain = (): void => {
      for (;;) {
        const r = this.reader.poll();
        if (r === null) return;
        if (this.reader.resynced) {
          this.reader.resynced = false;
          asm.resync();
        }
        if (keep) records.push(r.bytes);
        asm.push(r.bytes);
      }
    };
    const perRecord = (this.options.drain ?? 'record') === 'record';
    this.writer.onRecord = perRecord ? drain : undefined;
    try {
      this.engine.run(bytes, this.writer, { reset, ...(perRecord ? {} : { onMessage: drain }) });
    } finally {
      this.writer.onRecord = undefined;
    }
    drain();
    return {
      result: { messages: asm.messages, error: asm.error, reports: asm.reports },
      records,
      reader: { ...this.reader.stats },
    };
  }
}

export const jitFactory: EngineFactory = (c, o) => new JitEngine(c.program, o);
