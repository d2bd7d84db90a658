import { AdapterFault } from '../../adapters/fault.ts';
import { decodeStream } from '../../adapters/reference/fast.ts';
import type { CanonicalErrorBody, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastDecoder, type DecodeTracer } from '../../reference/fast/decoder.ts';
import type { FastError } from '../../reference/fast/errors.ts';
import type { Field, TemplateSet } from '../../reference/fast/template-model.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { resolveTemplateRef } from '../../reference/fast/template-set.ts';
import { DEFAULT_FAST_VARIANTS, FAST_VARIANT_READINGS, isDefaultVariants, type FastVariants } from '../../reference/fast/variants.ts';
import type { Explanation } from '../explanation.ts';
import { firstDifference, Mismatch, type PathSegment } from '../mismatch.ts';
import type { FastCaseContext } from './case-context.ts';

/**
 * A FAST counterexample in words: the first field where the subject and the reference part, the
 * bytes the reference read it from, and the presence-map bit that governed it; or, when one side
 * stops with an error and the other does not, which error at which byte and in which field.
 * Everything comes from re-running the reference decoder (with a tracer) on the exact bytes
 * the subject was given; the subject's output is only the value it returned.
 */

/** Where the reference read one field: message index, canonical path inside `fields`, bytes [start, end). */
export interface FieldSpan {
  readonly message: number;
  readonly path: readonly PathSegment[];
  readonly start: number;
  readonly end: number;
  readonly pmap: { readonly offset: number; readonly length: number; readonly firstBit: number; readonly bits: number };
}

export interface ReferenceTrace {
  readonly result: StreamDecodeResult;
  readonly fields: readonly FieldSpan[];
  readonly messageStarts: readonly number[];
  /** The field being decoded when the reference failed (message index and path), if it did. */
  readonly failedAt?: { readonly message: number; readonly path: readonly PathSegment[] };
}

/** The reference's decode of `bytes` with every field's byte span. */
export function traceReference(xml: string, bytes: Uint8Array, context: Pick<FastCaseContext, 'reset' | 'variants'>): ReferenceTrace {
  const set = parseTemplates(xml);
  const fields: FieldSpan[] = [];
  const messageStarts: number[] = [];
  let failedAt: ReferenceTrace['failedAt'];
  const tracer: DecodeTracer = {
    message: (offset) => void messageStarts.push(offset),
    field: (path, start, end, offset, length, firstBit, bits) =>
      void fields.push({ message: messageStarts.length - 1, path: [...path], start, end, pmap: { offset, length, firstBit, bits } }),
    error: (path, _e: FastError) => {
      failedAt = { message: messageStarts.length - 1, path: [...path] };
    },
  };
  const decoder = new FastDecoder(set, { trace: tracer, ...(context.variants ? { variants: context.variants } : {}) });
  const result = decodeStream(decoder, bytes, context.reset);
  return { result, fields, messageStarts, ...(failedAt ? { failedAt } : {}) };
}

export function explainFastCase(context: FastCaseContext | undefined, error: unknown): Explanation | undefined {
  if (!context) return undefined;
  const e = explainDisagreement(context, error);
  if (!e || !context.actual) return e;
  // Beside every disagreement: the readings it is under, and another reading that would explain it all.
  return { ...e, details: [...(e.details ?? []), ...variantLines(context), ...otherReadingLines(context, context.actual)] };
}

function explainDisagreement(context: FastCaseContext, error: unknown): Explanation | undefined {
  const trace = traceReference(context.xml, context.bytes, context);
  const set = parseTemplates(context.xml);
  const expected = trace.result;
  const actual = context.actual;
  const what = error instanceof Mismatch ? instruction(error.path) : undefined;
  if (!actual && error instanceof Mismatch && error.kind === 'reference-rejects-encoding') {
    const e = expected.error;
    return {
      summary: `The reference decoder rejects a stream the reference encoder produced${e ? `: ${errorText(e)}` : ''}. This is a fault of fairwire's reference, not of the decoder under test; please report it with this counterexample.`,
      ...(e && e.offset >= 0 ? { details: hexAround(context.bytes, e.offset, e.offset + 1, "the reference's error offset") } : {}),
    };
  }
  if (!actual) {
    return { summary: `${noResult(error)}, on a ${context.bytes.length}-byte stream the reference decodes to ${expected.messages.length} message(s)${expected.error ? ` then ${errorText(expected.error)}` : ''}.` };
  }
  const e = expected.error;
  const a = actual.error;
  const verdictDiffers = (e === null) !== (a === null) || (e !== null && a !== null && e.class !== a.class);
  const d = firstDifference(expected.messages, actual.messages);
  const cut = d !== undefined && d.path.length === 1 && (d.kind === 'missing' || d.kind === 'extra');
  if (d && !(cut && verdictDiffers)) {
    const m = d.path[0] as number;
    const rest = d.path.slice(1);
    const fieldPath = rest[0] === 'fields' ? rest.slice(1) : [];
    const span = findSpan(trace.fields, m, fieldPath);
    const where = messageLabel(m, expected, actual, set);
    const name = span ? pathText(span.path) : fieldPath.length > 0 ? pathText(fieldPath) : undefined;
    const part = span && fieldPath.length > span.path.length ? ` (its ${pathText(fieldPath.slice(span.path.length))})` : '';
    const via = fieldPath.length > 0 ? staticOrigin(set, expected.messages[m]?.templateId ?? actual.messages[m]?.templateId, fieldPath) : undefined;
    const summary = name
      ? `${where}, field ${name}${what ? ` (${what})` : ''}${via ? ` from template '${via}' through a static templateRef` : ''}${part}: the reference decodes ${valueText(d.expected)}${span ? ` ${bytesText(span)}` : ''}; the decoder returned ${valueText(d.actual)}.`
      : rest[0] === 'templateId'
        ? `${where}: the reference reads template id ${valueText(d.expected)} from the header of the message${trace.messageStarts[m] === undefined ? '' : ` starting at byte ${trace.messageStarts[m]}`}; the decoder returned template id ${valueText(d.actual)}.`
        : `${where}: the reference decodes ${valueText(d.expected)}${messageBytes(trace, m, expected)}; the decoder returned ${valueText(d.actual)}.`;
    const details = span ? spanDetails(context.bytes, span) : m < trace.messageStarts.length ? hexAround(context.bytes, trace.messageStarts[m]!, messageEnd(trace, m, expected)) : [];
    return { summary, details };
  }
  // The verdicts differ (or the error class): say who stopped where.
  const details: string[] = [];
  if (e && !a) {
    const at = trace.failedAt;
    const field = at && at.path.length > 0 ? `, field ${pathText(at.path)}` : at ? ', in its header' : '';
    if (e.offset >= 0) details.push(...hexAround(context.bytes, e.offset, e.offset + 1, 'the byte at the error offset'));
    return {
      summary: `The reference stops in message ${(at?.message ?? expected.messages.length) + 1}${field}, with ${errorText(e)}; the decoder reports no error and returns ${actual.messages.length} message(s).`,
      details,
    };
  }
  if (a && !e) {
    const span = spanAt(trace.fields, a.offset);
    const header = span ? undefined : headerAt(trace, a.offset);
    const field = span
      ? ` (the reference reads message ${span.message + 1}, field ${pathText(span.path)} ${bytesText(span)} there)`
      : header !== undefined
        ? ` (the reference reads the header of message ${header + 1} there: presence map and template id)`
        : '';
    if (span) details.push(...spanDetails(context.bytes, span));
    else if (a.offset >= 0) details.push(...hexAround(context.bytes, a.offset, a.offset + 1, "the decoder's error offset"));
    return {
      summary: `The decoder stops with ${errorText(a)}${field}; the reference decodes the whole stream: ${expected.messages.length} message(s), no error.`,
      details,
    };
  }
  if (e && a) {
    return { summary: `Both stop, with errors of different classes: the reference ${errorText(e)}, the decoder ${errorText(a)}.`, details: e.offset >= 0 ? hexAround(context.bytes, e.offset, e.offset + 1, "the reference's error offset") : [] };
  }
  return undefined;
}

/**
 * Why there is no result to compare, from the error itself: an adapter fault says what the
 * vendor did (a hang is not a throw), anything else is a throw. The op comes from the request
 * the fault was raised on, when it has one.
 */
function noResult(error: unknown): string {
  const fault = error instanceof AdapterFault ? error : undefined;
  if (!fault) return 'The decoder threw instead of returning a result';
  const sent = fault.sent as { op?: unknown } | undefined;
  const op = typeof sent?.op === 'string' ? ` ${sent.op}` : '';
  const within = /within (\d+) ms/.exec(fault.message)?.[1];
  switch (fault.kind) {
    case 'hang':
      return `The decoder did not answer${op} within the vendor timeout${within ? ` (${within} ms)` : ''}: it hung or was too slow, and its process was killed`;
    case 'crash':
      return `The decoder's process died${op ? ` while answering${op}` : ''} instead of returning a result (${firstLine(fault.message)})`;
    case 'protocol':
      return `The decoder answered${op} outside the protocol instead of returning a result (${firstLine(fault.message)})`;
    case 'start':
      return `The decoder's process did not start or complete its handshake (${firstLine(fault.message)})`;
    default:
      return `The adapter faulted instead of returning a result (${firstLine(fault.message)})`;
  }
}

const firstLine = (text: string): string => {
  const line = text.split('\n')[0]!;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
};

// ------------------------------------------------------------------------------- lookups

/**
 * When the decoder's whole result is exactly what the reference gives on the same bytes under one
 * other reading of an ambiguous rule (spec/fast/variants.md), say so: the disagreement may be a
 * reading to declare rather than a bug. Computed by the reference alone; no verdict changes.
 */
function otherReadingLines(context: FastCaseContext, actual: StreamDecodeResult): string[] {
  const declared = context.variants ?? DEFAULT_FAST_VARIANTS;
  const lines: string[] = [];
  for (const k of Object.keys(FAST_VARIANT_READINGS) as (keyof FastVariants)[]) {
    for (const reading of FAST_VARIANT_READINGS[k] as readonly string[]) {
      if (reading === declared[k]) continue;
      const other = { ...declared, [k]: reading } as FastVariants;
      const r = traceReference(context.xml, context.bytes, { reset: context.reset, variants: other }).result;
      const same = firstDifference(r.messages, actual.messages) === undefined && (r.error === null) === (actual.error === null) && r.error?.class === actual.error?.class;
      if (same) lines.push(`the decoder's result is exactly what the reference gives reading ${k} as '${reading}' (spec/fast/variants.md): if that is its reading, it should declare it (variants in ready)`);
    }
  }
  return lines;
}

/** The declared readings the oracle followed, when they are not the defaults (spec/fast/variants.md). */
function variantLines(context: FastCaseContext): string[] {
  const v = context.variants;
  if (!v || isDefaultVariants(v)) return [];
  return [`judged with the decoder's declared variants: tailNull ${v.tailNull}, staticTemplateRefDictionary ${v.staticTemplateRefDictionary}`];
}

function messageEnd(trace: ReferenceTrace, m: number, expected: StreamDecodeResult): number {
  const next = trace.messageStarts[m + 1];
  if (next !== undefined) return next;
  const last = trace.fields.filter((f) => f.message === m);
  return Math.max(trace.messageStarts[m]! + 1, expected.error && expected.error.offset >= 0 ? expected.error.offset + 1 : 0, ...last.map((f) => f.end));
}

function messageBytes(trace: ReferenceTrace, m: number, expected: StreamDecodeResult): string {
  const start = trace.messageStarts[m];
  if (start === undefined || m >= expected.messages.length) return '';
  return ` from bytes ${start}–${messageEnd(trace, m, expected) - 1}`;
}

/**
 * The template whose text holds the message's top-level field `path[0]`, when it is reached
 * through a static templateRef (undefined when the message's own template holds it).
 */
function staticOrigin(set: TemplateSet, templateId: number | undefined, path: readonly PathSegment[]): string | undefined {
  const t = templateId === undefined ? undefined : set.byId.get(templateId);
  const name = path[0];
  if (!t || typeof name !== 'string') return undefined;
  const find = (fields: readonly Field[], owner: string, depth: number): string | undefined => {
    for (const f of fields) {
      if (f.kind === 'templateRef') {
        const r = f.template && depth < 32 ? resolveTemplateRef(set, f) : undefined;
        const hit = r ? find(r.fields, r.name, depth + 1) : undefined;
        if (hit !== undefined) return hit;
      } else if (f.name === name) return owner;
    }
    return undefined;
  };
  const owner = find(t.fields, t.name, 0);
  return owner === t.name ? undefined : owner;
}

const key = (p: readonly PathSegment[]): string => JSON.stringify(p);

/** The innermost traced field on `path` (a decimal's exponent / mantissa, an item, ... belong to their field). */
function findSpan(fields: readonly FieldSpan[], message: number, path: readonly PathSegment[]): FieldSpan | undefined {
  const mine = fields.filter((f) => f.message === message);
  for (let n = path.length; n > 0; n--) {
    const k = key(path.slice(0, n));
    const hit = mine.find((f) => key(f.path) === k);
    if (hit) return hit;
  }
  return undefined;
}

/** The traced field, innermost first, whose bytes hold `offset`. */
function spanAt(fields: readonly FieldSpan[], offset: number): FieldSpan | undefined {
  let best: FieldSpan | undefined;
  for (const f of fields) {
    if (f.start <= offset && offset < f.end && (!best || f.end - f.start <= best.end - best.start)) best = f;
  }
  return best;
}

/** The message whose header (presence map, template id: before its first field) holds `offset`. */
function headerAt(trace: ReferenceTrace, offset: number): number | undefined {
  for (let m = 0; m < trace.messageStarts.length; m++) {
    const start = trace.messageStarts[m]!;
    const first = trace.fields.filter((f) => f.message === m).reduce((min, f) => Math.min(min, f.start), Infinity);
    if (offset >= start && offset < first && offset < (trace.messageStarts[m + 1] ?? Infinity)) return m;
  }
  return undefined;
}

function messageLabel(m: number, expected: StreamDecodeResult, actual: StreamDecodeResult, set: TemplateSet): string {
  const tid = (expected.messages[m] ?? actual.messages[m])?.templateId;
  const t = typeof tid === 'number' ? set.byId.get(tid) : undefined;
  return `message ${m + 1} (messages[${m}]${tid === undefined ? '' : `, template ${tid}${t ? ` '${t.name}'` : ''}`})`;
}

/** `MDEntries[1].MDEntryPx`; a dynamic templateRef's `fields` level is left out. */
export function pathText(path: readonly PathSegment[]): string {
  let s = '';
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    if (typeof p === 'number') s += `[${p}]`;
    else if (p === 'fields' && i > 0 && typeof path[i - 1] === 'string') s += '.';
    else s += s === '' || s.endsWith('.') ? p : `.${p}`;
  }
  return s;
}

/** The instruction named in a signature path (`...<decimal optional copy>`), if any. */
function instruction(signaturePath: string): string | undefined {
  const m = /<([^<>]+)>[^<>]*$/.exec(signaturePath);
  return m && m[1] !== 'field not in the template' ? m[1] : undefined;
}

// ------------------------------------------------------------------------------- texts

function errorText(e: CanonicalErrorBody): string {
  return `${e.code} (${e.class})${e.offset >= 0 ? ` at byte ${e.offset}` : ''}: ${e.message}`;
}

function bytesText(s: FieldSpan): string {
  if (s.end <= s.start) return 'from no bytes of its own (the value comes from the dictionary or the initial value)';
  return s.end - s.start === 1 ? `from byte ${s.start}` : `from bytes ${s.start}–${s.end - 1}`;
}

/** A canonical value as a person reads it: decimals as numbers with their parts, strings quoted. */
export function valueText(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'absent (null)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o['exponent'] === 'number' && typeof o['mantissa'] === 'string' && Object.keys(o).length === 2) {
      return `${decimalText(o['exponent'], o['mantissa'])} (exponent ${o['exponent']}, mantissa ${o['mantissa']})`;
    }
    if (typeof o['hex'] === 'string' && Object.keys(o).length === 1) return `bytes ${o['hex'] === '' ? '(none)' : o['hex']}`;
    const text = JSON.stringify(v);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  }
  return String(v);
}

/** mantissa × 10^exponent, exactly, in plain decimal notation. */
export function decimalText(exponent: number, mantissa: string): string {
  const neg = mantissa.startsWith('-');
  const digits = neg ? mantissa.slice(1) : mantissa;
  let out: string;
  if (exponent >= 0) out = digits === '0' ? '0' : digits + '0'.repeat(exponent);
  else {
    const padded = digits.padStart(-exponent + 1, '0');
    out = `${padded.slice(0, padded.length + exponent)}.${padded.slice(padded.length + exponent)}`;
  }
  return neg ? `-${out}` : out;
}

// ------------------------------------------------------------------------------- bytes

function spanDetails(bytes: Uint8Array, s: FieldSpan): string[] {
  const lines = hexAround(bytes, s.start, s.end);
  if (s.pmap.bits > 0) {
    const bits: string[] = [];
    for (let i = s.pmap.firstBit; i < s.pmap.firstBit + s.pmap.bits; i++) {
      const b = pmapBit(bytes, s.pmap.offset, s.pmap.length, i);
      bits.push(`bit ${i} = ${b} (${b === 1 ? 'the value is in the stream' : 'not in the stream: previous, initial value or absent'})`);
    }
    const last = s.pmap.offset + s.pmap.length - 1;
    lines.push(`presence map at byte${s.pmap.length > 1 ? `s ${s.pmap.offset}–${last}` : ` ${s.pmap.offset}`}: ${bits.join('; ')}`);
  } else {
    lines.push('no presence-map bit governs this field (no operator or delta, a mandatory constant, or a group / sequence in its own segment)');
  }
  return lines;
}

/** Bit i of a presence map (bit 0 = first data bit); bits past a truncated map are 0. */
function pmapBit(bytes: Uint8Array, offset: number, length: number, i: number): 0 | 1 {
  const byte = Math.floor(i / 7);
  if (byte >= length) return 0;
  return ((bytes[offset + byte]! >> (6 - (i % 7))) & 1) as 0 | 1;
}

/** ±16 bytes around [start, end), 16 a line with offsets, the field's bytes in brackets ("[]": none of its own). */
export function hexAround(bytes: Uint8Array, start: number, end: number, bracketed = "the field's own"): string[] {
  const s = Math.max(0, Math.min(start, bytes.length));
  const e = Math.max(s, Math.min(end, bytes.length));
  const from = Math.max(0, s - 16);
  const to = Math.min(bytes.length, e + 16);
  const lines: string[] = [];
  let tokens: string[] = [];
  let lineStart = from;
  for (let i = from; i < to || (i === s && s === e && i === to); i++) {
    if (s === e && i === s) tokens.push('[]');
    if (i >= to) break;
    let tok = bytes[i]!.toString(16).padStart(2, '0');
    if (i === s && e > s) tok = `[${tok}`;
    if (i === e - 1 && e > s) tok = `${tok}]`;
    tokens.push(tok);
    if ((i - from) % 16 === 15 && i + 1 < to) {
      lines.push(`  ${String(lineStart).padStart(6)}: ${tokens.join(' ')}`);
      tokens = [];
      lineStart = i + 1;
    }
  }
  if (tokens.length > 0) lines.push(`  ${String(lineStart).padStart(6)}: ${tokens.join(' ')}`);
  return [`bytes ${from}–${Math.max(from, to - 1)} of ${bytes.length} (${bracketed} in brackets):`, ...lines];
}
