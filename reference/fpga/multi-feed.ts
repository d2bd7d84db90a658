import type { CanonicalErrorBody, CanonicalMessage } from '../fast/canonical.ts';
import type { TemplateSet } from '../fast/template-model.ts';
import { compile } from './compiler.ts';
import { DmaRing, DmaWriter, RingReader, type ReaderStats } from './dma-ring.ts';
import type { ResetPolicy } from './engine.ts';
import { interpreterFactory, type EngineFactory, type FeedOptions, type MessageEngine } from './fpga-decoder.ts';
import { RecordAssembler } from './record-assembler.ts';

/**
 * Several feeds in parallel, as exchanges publish them (the paper runs one FAST processor per
 * feed): one engine per feed with its own dictionaries and its own ring, and one host reader
 * that drains every ring round-robin. Feeds share nothing, so decoding feed A never changes
 * what feed B decodes.
 */
export interface FeedEvent {
  readonly feed: number;
  readonly message: CanonicalMessage;
}

interface Lane {
  readonly engine: MessageEngine;
  readonly writer: DmaWriter;
  readonly reader: RingReader;
  readonly asm: RecordAssembler;
  delivered: number;
}

export class MultiFeedModel {
  private readonly lanes: Lane[];

  constructor(sets: readonly TemplateSet[], options: FeedOptions = {}, factory: EngineFactory = interpreterFactory) {
    this.lanes = sets.map((set) => {
      const compiled = compile(set, options);
      const ring = new DmaRing(options.ringCapacity ?? 1024);
      return {
        engine: factory(compiled, options),
        writer: new DmaWriter(ring),
        reader: new RingReader(ring),
        asm: new RecordAssembler(compiled.meta),
        delivered: 0,
      };
    });
  }

  get feeds(): number {
    return this.lanes.length;
  }

  /** Feed `feed` receives a chunk (a packet, or a whole capture). */
  push(feed: number, bytes: Uint8Array, reset: ResetPolicy): void {
    const lane = this.lanes[feed];
    if (lane === undefined) throw new RangeError(`no feed ${feed} (have ${this.lanes.length})`);
    lane.engine.run(bytes, lane.writer, { reset });
  }

  /**
   * The host's polling loop: one record from each ring in turn until all are empty; returns
   * the messages completed, tagged with their feed, in the order the host saw them.
   */
  drain(): FeedEvent[] {
    const out: FeedEvent[] = [];
    let progress = true;
    while (progress) {
      progress = false;
      this.lanes.forEach((lane, feed) => {
        const r = lane.reader.poll();
        if (r === null) return;
        progress = true;
        if (lane.reader.resynced) {
          lane.reader.resynced = false;
          lane.asm.resync();
        }
        lane.asm.push(r.bytes);
        while (lane.delivered < lane.asm.messages.length) out.push({ feed, message: lane.asm.messages[lane.delivered++]! });
      });
    }
    return out;
  }

  /** The error that stopped a feed, if any. */
  error(feed: number): CanonicalErrorBody | null {
    return this.lanes[feed]?.asm.error ?? null;
  }

  readerStats(feed: number): ReaderStats | undefined {
    const s = this.lanes[feed]?.reader.stats;
    return s ? { ...s } : undefined;
  }
}
