import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
import { AdapterFault } from '../../adapters/fault.ts';
import { batchDecoderOf } from '../../adapters/process/process-fast.ts';
import type { CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { firstDifference, formatPath, type PathSegment } from '../mismatch.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { cutReproducer } from './reproducer-cut.ts';
import { sameCanonical } from './same-canonical.ts';

/**
 * Differential decoding of a capture (`fairwire compare`): every frame goes through the reference
 * and the subject on the same dictionaries, in batches (one `fast.decodeBatch` round trip a batch
 * for a process vendor), and every place they disagree is a Divergence with the bytes from the
 * last dictionary reset point to it (the reproducer).
 *
 * After a divergence or a decode error the two decoders' dictionaries no longer mean the same
 * thing, so both are reset before the next frame (a resynchronisation, itself a reset point):
 * every divergence reported is one the subject makes from the same state as the reference.
 */
export interface CaptureFrame {
  readonly bytes: Uint8Array;
  /** 1-based frame number in the capture (the pcap record, the len32le chunk). */
  readonly frame: number;
  /** Capture timestamp of the frame (pcap), ns since the epoch. */
  readonly timestampNs?: bigint;
}

/** none: dictionaries persist; message: reset before every message; packet: reset before every frame. */
export type CaptureReset = 'none' | 'message' | 'packet';

export interface Divergence {
  /** 0-based index of the diverging message in the capture (counted as the reference decodes). */
  readonly message: number;
  readonly frame: number;
  readonly timestampNs: bigint | null;
  /** Template of the diverging message (the reference's; the subject's if only it has one). */
  readonly templateId: number | null;
  /** First differing field, e.g. `MDEntries[2].RptSeq`; `(message)` for a missing or extra message, `(verdict)` for an error on one side only. */
  readonly field: string;
  readonly kind: 'value-differs' | 'type-differs' | 'missing' | 'extra' | 'verdict-differs' | 'error-class-differs';
  readonly expected: unknown;
  readonly actual: unknown;
  /** Bytes from the last dictionary reset point through the diverging message (cut-reproducer.ts), decoded with `reproducerReset`. */
  readonly reproducer: Uint8Array | null;
  readonly reproducerReset: 'none' | 'message';
  /** Frame number the reproducer starts at. */
  readonly reproducerFrom: number;
}

export interface TemplateTally {
  messages: number;
  divergences: number;
}

export interface CompareTotals {
  frames: number;
  messages: number;
  bytes: number;
  divergences: number;
  /** Frames both decoders stopped on with an error of the same class (not a divergence). */
  errorsAgreed: number;
  /** Per template id (the reference's decode). */
  readonly byTemplate: Map<number, TemplateTally>;
  /** Per `templateId field` key: divergences and the first message index. */
  readonly byField: Map<string, { templateId: number | null; field: string; divergences: number; firstMessage: number }>;
}

export interface CompareOptions {
  readonly xml: string;
  /** The same templates, parsed (the reproducer is cut by decoding with the reference). */
  readonly templates: TemplateSet;
  readonly subject: FastDecoderAdapter;
  readonly oracle: FastDecoderAdapter;
  readonly reset: CaptureReset;
  /** Frames per batch (default 512). */
  readonly batchFrames?: number;
  /** A reproducer is kept only while the bytes since the last reset point stay under this (default 16 MiB). */
  readonly maxReproducerBytes?: number;
  readonly signal?: AbortSignal;
  /** Called between batches (e.g. to let the event loop deliver Ctrl-C). */
  readonly yieldTurn?: () => Promise<void>;
  readonly onDivergence?: (d: Divergence) => void;
  readonly onBatch?: (t: CompareTotals) => void;
}

export interface CompareOutcome {
  readonly totals: CompareTotals;
  /** True when the signal stopped it before the capture's end (what ran is counted). */
  readonly interrupted: boolean;
}

/** The subject refuses the capture's templates (e.g. a feature it declares unsupported): nothing can be compared. */
export class TemplatesRejected extends Error {
  override readonly name = 'TemplatesRejected';
}

export async function compareCapture(frames: AsyncIterable<CaptureFrame> | Iterable<CaptureFrame>, o: CompareOptions): Promise<CompareOutcome> {
  const batchFrames = o.batchFrames ?? 512;
  const maxRepro = o.maxReproducerBytes ?? 16 * 1024 * 1024;
  const policy: FastResetPolicy = o.reset === 'message' ? 'message' : 'none';
  const carries = o.reset === 'none'; // state carries from frame to frame
  const totals: CompareTotals = { frames: 0, messages: 0, bytes: 0, divergences: 0, errorsAgreed: 0, byTemplate: new Map(), byField: new Map() };
  const batcher = batchDecoderOf(o.subject);

  await o.oracle.loadTemplates(o.xml);
  await o.oracle.reset();
  try {
    await o.subject.loadTemplates(o.xml);
  } catch (err) {
    if (err instanceof AdapterFault) throw err;
    throw new TemplatesRejected(`${o.subject.name} rejects the templates the reference accepts: ${(err as Error)?.message ?? String(err)}`);
  }
  await o.subject.reset();

  // Frames since the last reset point (the reproducer), and whether they still fit.
  let sinceReset: CaptureFrame[] = [];
  let sinceResetBytes = 0;
  /** Messages the reference decoded in the frames since the reset point, before the current one. */
  let sinceResetMessages = 0;
  let lastMessages = 0;
  let resetFrom = 1;
  let forceReset = false;
  const queue: CaptureFrame[] = [];
  const iterator = (Symbol.asyncIterator in frames ? (frames as AsyncIterable<CaptureFrame>)[Symbol.asyncIterator]() : (frames as Iterable<CaptureFrame>)[Symbol.iterator]()) as
    | AsyncIterator<CaptureFrame>
    | Iterator<CaptureFrame>;
  let exhausted = false;

  while (true) {
    if (o.signal?.aborted) return { totals, interrupted: true };
    while (!exhausted && queue.length < batchFrames) {
      const next = await iterator.next();
      if (next.done) exhausted = true;
      else queue.push(next.value);
    }
    if (queue.length === 0) break;
    const batch = queue.splice(0, batchFrames);
    const resets = batch.map((_, i) => o.reset === 'packet' || (i === 0 && forceReset));
    forceReset = false;
    // The subject's batch is sent first: a process vendor decodes it while the reference does.
    const [actual, expected] = await Promise.all([decodeAll(o.subject, batcher, batch, resets, policy), decodeAll(o.oracle, undefined, batch, resets, policy)]);
    for (let i = 0; i < batch.length; i++) {
      const f = batch[i]!;
      const e = expected[i]!;
      const a = actual[i]!;
      if (resets[i] || o.reset === 'message' || totals.frames === 0) {
        sinceReset = [];
        sinceResetBytes = 0;
        sinceResetMessages = 0;
      } else sinceResetMessages += lastMessages;
      lastMessages = e.messages.length;
      // Past the reproducer's limit the frames are not kept (memory stays bounded under --reset none).
      if (sinceReset.length === 0 && sinceResetBytes === 0) resetFrom = f.frame;
      sinceResetBytes += f.bytes.length;
      if (sinceResetBytes <= maxRepro) sinceReset.push(f);
      else sinceReset = [];
      const base = totals.messages;
      totals.frames++;
      totals.bytes += f.bytes.length;
      totals.messages += e.messages.length;
      for (const m of e.messages) tally(totals.byTemplate, m.templateId).messages++;
      const d = diverges(e, a);
      if (d === undefined) {
        if (e.error) totals.errorsAgreed++;
        if (!(e.error && carries)) continue;
      } else {
        const templateId = templateAt(e.messages, a.messages, d.messageInFrame);
        const div: Divergence = {
          message: base + d.messageInFrame,
          frame: f.frame,
          timestampNs: f.timestampNs ?? null,
          templateId,
          field: d.field,
          kind: d.kind,
          expected: d.expected,
          actual: d.actual,
          reproducer: sinceResetBytes <= maxRepro ? cutReproducer(o.templates, o.subject.variants, concat(sinceReset.map((x) => x.bytes)), policy, sinceResetMessages + d.messageInFrame) : null,
          reproducerReset: policy,
          reproducerFrom: resetFrom,
        };
        totals.divergences++;
        if (templateId !== null) tally(totals.byTemplate, templateId).divergences++;
        const key = `${templateId ?? '-'} ${d.field}`;
        const bf = totals.byField.get(key) ?? { templateId, field: d.field, divergences: 0, firstMessage: div.message };
        bf.divergences++;
        totals.byField.set(key, bf);
        o.onDivergence?.(div);
        if (!carries) continue;
      }
      // The dictionaries differ from here (or are undefined after an error): resynchronise.
      forceReset = true;
      if (i + 1 < batch.length) {
        // The subject decoded the rest of this batch from the diverged state: decode it again.
        queue.unshift(...batch.slice(i + 1));
        break;
      }
    }
    o.onBatch?.(totals);
    await o.yieldTurn?.();
  }
  return { totals, interrupted: false };
}

async function decodeAll(
  d: FastDecoderAdapter,
  batcher: ReturnType<typeof batchDecoderOf>,
  batch: readonly CaptureFrame[],
  resets: readonly boolean[],
  policy: FastResetPolicy,
): Promise<StreamDecodeResult[]> {
  if (batcher) return batcher.decodeFrames(batch.map((f, i) => ({ bytes: f.bytes, resetBefore: resets[i]! })), policy);
  const out: StreamDecodeResult[] = [];
  const options = { reset: policy };
  for (let i = 0; i < batch.length; i++) {
    try {
      // In-process decoders answer synchronously: no microtask a frame unless they return a promise.
      if (resets[i]) {
        const r = d.reset();
        if (r instanceof Promise) await r;
      }
      const r = d.decode(batch[i]!.bytes, options);
      out.push(r instanceof Promise ? await r : r);
    } catch (err) {
      // An in-process decoder answers bad input with an error result; a throw is its fault.
      if (err instanceof AdapterFault) throw err;
      throw new AdapterFault(`${d.name} threw on frame ${batch[i]!.frame}: ${(err as Error)?.message ?? String(err)}`, { frame: batch[i]!.frame }, undefined, 'crash');
    }
  }
  return out;
}

interface FrameDifference {
  readonly messageInFrame: number;
  readonly field: string;
  readonly kind: Divergence['kind'];
  readonly expected: unknown;
  readonly actual: unknown;
}

/**
 * Where the subject's decode of a frame departs from the reference's: the same rule as the fast
 * catalog (assertSameDecode): the same messages, the same verdict and error class; error codes
 * and offsets are not compared (implementations legitimately differ on them).
 */
function diverges(e: StreamDecodeResult, a: StreamDecodeResult): FrameDifference | undefined {
  const sameVerdict = (e.error === null) === (a.error === null) && (e.error === null || e.error.class === a.error!.class);
  if (sameVerdict && sameCanonical(e.messages, a.messages)) return undefined;
  const d = firstDifference(e.messages, a.messages);
  if (d) {
    const [index, , ...rest] = d.path as PathSegment[];
    const messageInFrame = typeof index === 'number' ? index : 0;
    if (d.path.length <= 1) {
      // A whole message missing or extra: one side stopped early (its verdict) or decoded more.
      return { messageInFrame, field: '(message)', kind: d.kind, expected: d.expected ?? e.error, actual: d.actual ?? a.error };
    }
    const field = d.path[1] === 'templateId' ? 'templateId' : formatPath(rest);
    return { messageInFrame, field, kind: d.kind, expected: d.expected, actual: d.actual };
  }
  const kind = (e.error === null) !== (a.error === null) ? 'verdict-differs' : 'error-class-differs';
  return { messageInFrame: e.messages.length, field: '(verdict)', kind, expected: e.error, actual: a.error };
}

function templateAt(e: readonly CanonicalMessage[], a: readonly CanonicalMessage[], i: number): number | null {
  return e[i]?.templateId ?? a[i]?.templateId ?? null;
}

function tally(m: Map<number, TemplateTally>, id: number): TemplateTally {
  let t = m.get(id);
  if (!t) m.set(id, (t = { messages: 0, divergences: 0 }));
  return t;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return Uint8Array.from(parts[0]!);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
