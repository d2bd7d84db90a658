import type { CanonicalValue } from '../../reference/fast/canonical.ts';
import type { Dictionary, DictionaryValueType, Payload } from '../../reference/fast/dictionary.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { FastError, type ReportableCode } from '../../reference/fast/errors.ts';
import type { DecimalField, Field, Operator, Template, TemplateSet } from '../../reference/fast/template-model.ts';
import type { PresenceMap, WireReader } from '../../reference/fast/wire-reader.ts';
import { createFastDecoderAdapter, type FastDecoderAdapterOptions } from '../reference/fast.ts';
import type { FastDecoderAdapter } from '../fast.ts';
import type { Mutant } from './registry.ts';

/**
 * Building blocks for FAST mutants. A mutant is the reference decoder with one bug, made in one
 * of two ways that leave reference/fast untouched:
 * - a template transform: the decoder runs on a set that misreads one template rule;
 * - an instance patch: one internal step of a FastDecoder instance is replaced by a buggy copy.
 *   The reference decoder's steps are TypeScript-private, so `patchDecoder` names them by string
 *   and fails loudly when a name no longer exists (a refactor of decoder.ts then breaks the
 *   mutant tests, not the kill matrix silently).
 */
/**
 * The reference decoder's steps, as mutants see them. Values travel as payloads (an integer is a
 * number or a bigint, a single-operator decimal `{ exponent, mantissa }`, ascii a string,
 * unicode and byteVector bytes); the field's type says which. The decoder passes the steps a
 * trailing dictionary slot that an override may drop: the step resolves it from the operator.
 */
export interface DecoderInternals {
  readonly r: WireReader;
  readonly dict: Dictionary;
  plain(type: DictionaryValueType, nullable: boolean): Payload | null;
  scalar(type: DictionaryValueType, op: Operator, optional: boolean, pmap: PresenceMap, start: number): Payload | null;
  deltaBase(type: DictionaryValueType, op: Operator, start: number): Payload;
  /** D4 unless `held`, the type of the entry's value, is `type`. */
  checkType(held: DictionaryValueType, type: DictionaryValueType, ref: NonNullable<Operator['dictionary']>, start: number): void;
  initial(op: Operator, type: DictionaryValueType, start: number, missing: 'S4' | 'S5'): Payload;
  decimal(f: DecimalField, pmap: PresenceMap, start: number): CanonicalValue;
  tail(type: DictionaryValueType, op: Operator, optional: boolean, start: number): Payload | null;
  delta(type: DictionaryValueType, op: Operator, optional: boolean, start: number): Payload | null;
}

type Step = Exclude<keyof DecoderInternals, 'r' | 'dict'>;
type Override<K extends Step> = (self: DecoderInternals, original: DecoderInternals[K], ...args: Parameters<DecoderInternals[K]>) => ReturnType<DecoderInternals[K]>;

/** Replaces one internal step of a decoder instance; the override gets the instance and the original step. */
export function patchDecoder<K extends Step>(decoder: FastDecoder, step: K, override: Override<K>): FastDecoder {
  const self = decoder as unknown as DecoderInternals & Record<string, unknown>;
  const original = self[step];
  if (typeof original !== 'function') throw new Error(`FAST mutant: the reference decoder has no step '${step}' any more; update adapters/mutants`);
  const bound = (original as (...a: unknown[]) => unknown).bind(decoder) as DecoderInternals[K];
  self[step] = ((...args: Parameters<DecoderInternals[K]>) => override(self, bound, ...args)) as never;
  return decoder;
}

/** A mutant adapter: the reference adapter with the given alteration. */
export function fastMutant(
  name: string,
  bug: string,
  killedBy: readonly string[],
  alteration: Omit<FastDecoderAdapterOptions, 'name'>,
): Mutant<FastDecoderAdapter> {
  return { name, component: 'fast', bug, killedBy, create: () => createFastDecoderAdapter({ name: `mutant:${name}`, ...alteration }) };
}

/**
 * A FastDecoder that stops with an error on the reportable conditions `codes` (as strict mode
 * would) and only records the others. Replaces the instance's report sink, named by string like
 * patchDecoder's steps, failing loudly if it is gone.
 */
export function rejectingReportable(codes: readonly ReportableCode[]): (set: TemplateSet, strict: boolean) => FastDecoder {
  return (set, strict) => {
    const decoder = new FastDecoder(set, { strict });
    const self = decoder as unknown as { sink?: (code: ReportableCode, offset: number, message: string) => void };
    const original = self.sink;
    if (typeof original !== 'function') throw new Error("FAST mutant: the reference decoder has no report 'sink' any more; update adapters/mutants");
    self.sink = (code, offset, message) => {
      if (codes.includes(code)) throw new FastError(code, message, offset);
      original(code, offset, message);
    };
    return decoder;
  };
}

/** A FastDecoder over `set` with one step replaced. */
export function patchedDecoder<K extends Step>(step: K, override: Override<K>): (set: TemplateSet, strict: boolean) => FastDecoder {
  return (set, strict) => patchDecoder(new FastDecoder(set, { strict }), step, override);
}

/**
 * Rewrites every field of every template (groups, sequences and sequence lengths included) and
 * rebuilds the id / name maps. The result skips makeTemplateSet's checks on purpose: a mutant's
 * misreading of the templates need not be a valid set.
 */
export function mapFields(set: TemplateSet, fn: (f: Field, template: Template) => Field): TemplateSet {
  const walk = (f: Field, t: Template): Field => {
    const g = fn(f, t);
    if (g.kind === 'group') return { ...g, fields: g.fields.map((x) => walk(x, t)) };
    if (g.kind === 'sequence') return { ...g, length: walk(g.length, t) as typeof g.length, fields: g.fields.map((x) => walk(x, t)) };
    return g;
  };
  const templates = set.templates.map((t) => ({ ...t, fields: t.fields.map((f) => walk(f, t)) }));
  const byId = new Map<number, Template>();
  const byName = new Map<string, Template>();
  for (const t of templates) {
    if (t.id !== undefined) byId.set(t.id, t);
    byName.set(t.ns === undefined ? t.name : `${t.ns}\u0000${t.name}`, t);
    if (t.ns !== undefined && !byName.has(t.name)) byName.set(t.name, t);
  }
  return { templates, byId, byName };
}

/** Rewrites every operator (decimal parts and sequence lengths included). */
export function mapOperators(set: TemplateSet, fn: (op: Operator, f: Field) => Operator): TemplateSet {
  return mapFields(set, (f) => {
    switch (f.kind) {
      case 'integer':
      case 'string':
      case 'byteVector':
        return { ...f, op: fn(f.op, f) } as Field;
      case 'decimal':
        return {
          ...f,
          operators:
            f.operators.form === 'single'
              ? { form: 'single', op: fn(f.operators.op, f) }
              : { form: 'individual', exponent: fn(f.operators.exponent, f), mantissa: fn(f.operators.mantissa, f) },
        };
      default:
        return f;
    }
  });
}

const RANGES: Record<'int32' | 'uInt32' | 'int64' | 'uInt64', readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uInt32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uInt64: [0n, 2n ** 64n - 1n],
};

/** D2 unless `v`, an integer as sent in the stream, fits the integer type; its payload otherwise. */
export function integerValue(type: 'int32' | 'uInt32' | 'int64' | 'uInt64', v: bigint, start: number): Payload {
  const [min, max] = RANGES[type];
  if (v < min || v > max) throw new FastError('D2', `${v} is out of range for ${type}`, start);
  return type === 'int32' || type === 'uInt32' ? Number(v) : v;
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The base a delta / tail uses when the entry has no value: 0, 0e0, "", no bytes (as payloads). */
export function typeDefault(type: DictionaryValueType): Payload {
  switch (type) {
    case 'int32':
    case 'uInt32':
      return 0;
    case 'int64':
    case 'uInt64':
      return 0n;
    case 'decimal':
      return { exponent: 0, mantissa: 0n };
    case 'ascii':
      return '';
    case 'unicode':
    case 'byteVector':
      return new Uint8Array(0);
  }
}
