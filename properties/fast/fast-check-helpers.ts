import { AdapterFault } from '../../adapters/fault.ts';
import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
import type { CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import type { Field, Operator, TemplateSet } from '../../reference/fast/template-model.ts';
import { resolveTemplateRef } from '../../reference/fast/template-set.ts';
import { abstractPath, describeDifference, firstDifference, Mismatch, type Difference, type MismatchSignature, type PathSegment } from '../mismatch.ts';

/**
 * Loads templates into a decoder, resets it and decodes one stream. Anything an in-process
 * subject throws (other than an AdapterFault, which the runner reports as a fault) is a failure:
 * a decoder answers bad input with an error result, never an exception.
 */
export async function decodeWith(
  who: 'subject' | 'oracle',
  adapter: FastDecoderAdapter,
  xml: string,
  bytes: Uint8Array,
  reset: FastResetPolicy,
): Promise<StreamDecodeResult> {
  try {
    await adapter.loadTemplates(xml);
    await adapter.reset();
    return await adapter.decode(bytes, { reset });
  } catch (err) {
    // A fault is the runner's to report; a `skipped` reply (VendorSkipped) discards the case.
    if (err instanceof AdapterFault || (err as Error)?.name === 'VendorSkipped') throw err;
    if (who === 'oracle') throw err;
    throw new Mismatch(`the subject threw instead of returning a result: ${(err as Error)?.message ?? String(err)}`, undefined, String((err as Error)?.stack ?? err), {
      kind: 'subject-threw',
      path: (err as Error)?.name ?? 'throw',
    });
  }
}

/**
 * Subject vs oracle on one stream: the same decoded messages (the prefix before any error),
 * the same verdict (error or not) and the same error class. Exact codes and offsets are not
 * compared: implementations legitimately disagree on them (fast-1.1 notes, item 11).
 * With the template set, a differing field is named in the signature by what it is
 * (`messages[].fields.<uInt32 optional copy>`), not by its generated name or its nesting.
 */
export function assertSameDecode(expected: StreamDecodeResult, actual: StreamDecodeResult, templates?: TemplateSet): void {
  const e = expected.error;
  const a = actual.error;
  const verdict = (e === null) !== (a === null) ? 'differs' : e && a && e.class !== a.class ? 'class' : 'same';
  const errorSignature = { kind: 'error-differs', path: `error(${e?.class ?? 'none'} -> ${a?.class ?? 'none'})` };
  const d = firstDifference(expected.messages, actual.messages);
  if (d) {
    // One side stopped early because of its verdict: the verdict is what the bug is; the message
    // count follows from it (and "missing at messages[]" would name every such bug alike).
    const cut = d.path.length === 1 && (d.kind === 'missing' || d.kind === 'extra');
    if (cut && verdict !== 'same') {
      throw new Mismatch(`decoded messages: ${describeDifference(d, 'messages')}, and the verdicts differ: expected ${e ? `${e.class} (${e.code})` : 'no error'}, got ${a ? `${a.class} (${a.code})` : 'no error'}`, expected, actual, errorSignature);
    }
    throw new Mismatch(`decoded messages: ${describeDifference(d, 'messages')}`, expected.messages, actual.messages, fastMessageSignature(d, expected.messages, actual.messages, templates));
  }
  if (verdict === 'differs') {
    throw new Mismatch(e === null ? 'the subject reports an error where the reference decodes the stream' : 'the subject decodes a stream the reference rejects', e, a, errorSignature);
  }
  if (verdict === 'class' && e && a) {
    throw new Mismatch(`error class differs: expected ${e.class} (${e.code}), got ${a.class} (${a.code})`, e, a, errorSignature);
  }
}

/** Decoded messages equal, else a Mismatch naming the first differing path and the field it is. */
export function assertSameMessages(expected: readonly CanonicalMessage[], actual: readonly CanonicalMessage[], templates?: TemplateSet): void {
  const d = firstDifference(expected, actual);
  if (!d) return;
  throw new Mismatch(`decoded messages: ${describeDifference(d, 'messages')}`, expected, actual, fastMessageSignature(d, expected, actual, templates));
}

/**
 * The signature of a difference between two decoded message lists: indices abstracted, and each
 * field named by its template instruction (type, presence, operator), since generated field
 * names differ from seed to seed while the instruction a bug lives in does not.
 */
export function fastMessageSignature(
  d: Difference,
  expected: readonly CanonicalMessage[],
  actual: readonly CanonicalMessage[],
  templates?: TemplateSet,
): MismatchSignature {
  if (!templates) return { kind: d.kind, path: abstractPath(d.path, 'messages') };
  const [index, ...rest] = d.path;
  if (typeof index !== 'number') return { kind: d.kind, path: abstractPath(d.path, 'messages') };
  const message = expected[index] ?? actual[index];
  return { kind: d.kind, path: `messages[]${messagePath(rest, message, templates)}` };
}

/** A path continuing another: `.a[].b`, `[].b`, or nothing. */
const suffix = (p: readonly PathSegment[]): string => (p.length === 0 ? '' : `${typeof p[0] === 'number' ? '' : '.'}${abstractPath(p)}`);

function messagePath(rest: readonly PathSegment[], message: unknown, set: TemplateSet): string {
  if (rest.length === 0) return '';
  const [head, ...tail] = rest;
  if (head !== 'fields') return suffix(rest);
  const tid = (message as { templateId?: unknown } | undefined)?.templateId;
  const template = typeof tid === 'number' ? set.byId.get(tid) : undefined;
  if (!template) return `.fields${suffix(tail)}`;
  return `.fields${fieldsPath(tail, template.fields, set, (message as { fields?: unknown }).fields)}`;
}

/** Fields of a template or group, static template references expanded inline. */
function flatten(fields: readonly Field[], set: TemplateSet, depth = 0): Field[] {
  return fields.flatMap((f) => {
    if (f.kind === 'templateRef' && f.template && depth < 32) {
      const t = resolveTemplateRef(set, f);
      return t ? flatten(t.fields, set, depth + 1) : [f];
    }
    return [f];
  });
}

/**
 * The differing field, by what it is. Groups, sequences and dynamic template references around
 * it are left out: generated nesting varies from seed to seed and shrink to shrink, while the
 * instruction the bug lives in is what identifies it. A difference at a container itself (a
 * sequence of another length, a group present where it should be absent) names the container.
 */
function fieldsPath(path: readonly PathSegment[], fields: readonly Field[], set: TemplateSet, value: unknown): string {
  if (path.length === 0) return '';
  const [name, ...rest] = path;
  const field = flatten(fields, set).find((f) => f.name === name);
  if (!field) return `.<field not in the template>${suffix(rest)}`;
  const own = `.<${describeField(field)}>`;
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[name as string] : undefined;
  if (field.kind === 'group' && rest.length > 0) return fieldsPath(rest, field.fields, set, v);
  if (field.kind === 'sequence' && rest.length > 1) {
    const item = Array.isArray(v) ? (v[rest[0] as number] as unknown) : undefined;
    return fieldsPath(rest.slice(1), field.fields, set, item);
  }
  if (field.kind === 'templateRef' && rest[0] === 'fields' && rest.length > 1) {
    const tid = (v as { templateId?: unknown } | undefined)?.templateId;
    const nested = typeof tid === 'number' ? set.byId.get(tid) : undefined;
    if (nested) return fieldsPath(rest.slice(1), nested.fields, set, (v as { fields?: unknown }).fields);
  }
  // decimal exponent / mantissa, byteVector hex, a sequence item: the part's name is stable.
  return own + suffix(rest);
}

const op = (o: Operator): string => o.kind;

/** A field by what it is: `uInt32 optional copy`, `decimal mandatory exponent:copy mantissa:delta`, `ascii optional tail`. */
export function describeField(f: Field): string {
  switch (f.kind) {
    case 'integer':
      return `${f.type} ${f.presence} ${op(f.op)}`;
    case 'decimal':
      return f.operators.form === 'single'
        ? `decimal ${f.presence} ${op(f.operators.op)}`
        : `decimal ${f.presence} exponent:${op(f.operators.exponent)} mantissa:${op(f.operators.mantissa)}`;
    case 'string':
      return `${f.charset} ${f.presence} ${op(f.op)}`;
    case 'byteVector':
      return `byteVector ${f.presence} ${op(f.op)}`;
    case 'group':
      return `group ${f.presence}`;
    case 'sequence':
      return `sequence ${f.presence} length:${op(f.length.op)}`;
    case 'templateRef':
      return 'dynamic templateRef';
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
