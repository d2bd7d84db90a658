/**
 * The FAST 1.1 reference encoder: canonical messages (canonical.ts) to bytes, the exact inverse
 * of the reference decoder. It keeps the dictionary state a decoder would keep and picks, for
 * every field, the shortest encoding its operator allows (spec/fast/encoder.md lists the
 * choices). `EncodeVariant` asks for other legal encodings of the same messages (overlong
 * integers and strings, full or padded presence maps, front or back string deltas), so tests
 * can check that a decoder accepts every form.
 *
 * A message that is not valid for its template is rejected with a FastError whose message
 * starts with the path of the field (e.g. `MDIncRefresh.MDEntries[2].MDEntryPx: ...`), and the
 * dictionary state is left as it was before the call. Codes (offset is always -1; the table
 * with examples is in spec/fast/encoder.md):
 *   D1  wrong canonical JSON shape: not a message, missing or unexpected field, wrong JSON type,
 *       non-canonical integer text, non-ASCII character in ascii, lone surrogate in unicode,
 *       bad hex, value different from a constant; nesting deeper than maxDepth
 *   D2  integer outside its field type's range
 *   R1  decimal exponent outside [-63, 63] or mantissa outside int64
 *   D4  a delta / tail base entry holds a value of another type (a decoder fails there too)
 *   D5  NULL (absent) for a mandatory field, group or sequence
 *   D6  a delta base entry is empty (a decoder fails there too)
 *   D7  a tail would have to shorten its base
 *   D8  static templateRef to an unknown template;  D9  unknown template id
 *   S2/S3/S4  an operator the template model should have rejected (increment on a string,
 *       tail on a number, initial value of the wrong kind, constant without value)
 */
import { FastError, type FastErrorCode } from './errors.ts';
import { EMPTY, JournaledDictionary, type DictionaryEntry, type DictionaryValue } from './encoder-dictionary.ts';
import { resolveTemplateRef } from './template-set.ts';
import type { CanonicalMessage } from './canonical.ts';
import type { DecimalField, Field, IntegerType, Operator, Template, TemplateSet } from './template-model.ts';
import { WireWriter, intSize, uintSize } from './wire-writer.ts';
import { withReferringTemplateDictionaries, type FastVariants } from './variants.ts';

export interface EncoderOptions {
  /** 'message': every dictionary entry back to undefined before each message (default 'none'). */
  readonly reset?: 'none' | 'message';
  /**
   * Deepest nesting of groups, sequences and templateRefs (static and dynamic), counted as the
   * reference decoder counts it (default 64, its default): deeper input is D1, never a stack overflow.
   */
  readonly maxDepth?: number;
  /** Readings of the specification where it allows two (variants.ts): the encoder predicts what such a decoder does. */
  readonly variants?: Partial<FastVariants>;
}

export const DEFAULT_ENCODER_MAX_DEPTH = 64;

/** Which end of the base a string delta removes from: 'shortest' picks the shorter encoding (back on a tie). */
export type StringDeltaSide = 'shortest' | 'front' | 'back';

/**
 * Other legal encodings of the same messages. Counters start at 0 for each encodeMessage /
 * encodeStream call and run across the messages of a stream.
 */
export interface EncodeVariant {
  /**
   * Extra redundant leading bytes for the i-th stop-bit entity written (template ids, integers,
   * decimal exponents and mantissas, deltas, subtraction lengths, byteVector / unicode lengths,
   * ascii strings), in stream order; 0 = shortest. Integers get that many 0x00 / 0x7F bytes
   * (R6). An ascii string gets at most one redundant 0x00 and only when it does not already
   * need the preamble (R9); ascii NULL has no overlong form.
   */
  readonly overlong?: (site: number) => number;
  /**
   * Presence-map length. 'shortest' (default) ends at the byte holding the last set bit: bits
   * after it are left out (a truncated map, legal and the canonical form). 'full' writes every
   * bit the segment uses, ceil(bits / 7) bytes: overlong (R7) whenever the last byte is zero.
   */
  readonly pmap?: 'shortest' | 'full';
  /** Extra all-zero bytes after the i-th presence map (in stream order); > 0 is overlong (R7). */
  readonly pmapPadding?: (segment: number) => number;
  /** Side of the i-th string delta (ascii, unicode, byteVector) that is removed; default 'shortest'. */
  readonly stringDelta?: (index: number) => StringDeltaSide;
}

/** The template id's dictionary entry (global, copy): a key no field reference can produce. */
const TEMPLATE_ID_ENTRY = '\u0001templateId';

const TOO_BIG = 1n << 80n;
const HEX_PATTERN = /^(?:[0-9a-f]{2})*$/;

const RANGES: Record<IntegerType, readonly [bigint, bigint]> = {
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  uInt32: [0n, (1n << 32n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  uInt64: [0n, (1n << 64n) - 1n],
};
const EXPONENT_MIN = -63;
const EXPONENT_MAX = 63;

type StringKind = 'ascii' | 'unicode' | 'byteVector';
type Obj = { readonly [key: string]: unknown };
interface Decimal {
  readonly exponent: number;
  readonly mantissa: bigint;
}
/** What a cleared pmap bit would decode to: a value, absent (NULL), or a decoder error. */
type Prediction<T> = { readonly value: T } | 'absent' | 'error';

const NO_BYTES = new Uint8Array(0);

export class FastEncoder {
  private readonly w = new WireWriter();
  private readonly dict = new JournaledDictionary();
  /** Presence-map bits of the open segments, innermost last (1 = set). */
  private readonly bits: number[] = [];
  /** Where we are, for error messages: formatted only on failure (see `where`). */
  private readonly path: (string | number | Field | Template)[] = [];
  private variant: EncodeVariant = {};
  private site = 0;
  private segment = 0;
  private deltaIndex = 0;
  private depth = 0;
  private readonly names = new WeakMap<readonly Field[], ReadonlySet<string>>();
  private readonly pmapNeeded = new WeakMap<readonly Field[], boolean>();
  private readonly initialBytes = new WeakMap<Operator, Uint8Array>();

  readonly templates: TemplateSet;

  constructor(
    templates: TemplateSet,
    private readonly options: EncoderOptions = {},
  ) {
    this.templates = options.variants?.staticTemplateRefDictionary === 'referring' ? withReferringTemplateDictionaries(templates) : templates;
  }

  /** Every dictionary entry (and the template id entry) back to undefined. */
  reset(): void {
    this.dict.reset();
    this.dict.commit();
  }

  /** One message; throws FastError (state unchanged) when it is not valid for its template. */
  encodeMessage(message: CanonicalMessage, variant: EncodeVariant = {}): Uint8Array {
    return this.run(variant, () => this.topLevel(message));
  }

  /** Messages back to back, as one stream; all or nothing (state unchanged on error). */
  encodeStream(messages: readonly CanonicalMessage[], variant: EncodeVariant = {}): Uint8Array {
    return this.run(variant, () => {
      if (!Array.isArray(messages)) this.fail('D1', 'a stream must be an array of messages');
      for (let i = 0; i < messages.length; i++) {
        this.path.push(`message[${i}] `);
        this.topLevel(messages[i]);
        this.path.pop();
      }
    });
  }

  private run(variant: EncodeVariant, body: () => void): Uint8Array {
    this.w.clear();
    this.bits.length = 0;
    this.path.length = 0;
    this.variant = variant;
    this.site = 0;
    this.segment = 0;
    this.deltaIndex = 0;
    this.depth = 0;
    const mark = this.dict.mark();
    try {
      body();
    } catch (e) {
      this.dict.rollback(mark);
      throw e;
    }
    this.dict.commit();
    return this.w.toBytes();
  }

  private topLevel(message: unknown): void {
    if (this.options.reset === 'message') this.dict.reset();
    this.depth = 0;
    this.messageSegment(message);
  }

  private enter(): void {
    const max = this.options.maxDepth ?? DEFAULT_ENCODER_MAX_DEPTH;
    if (++this.depth > max) this.fail('D1', `nesting deeper than ${max} groups, sequences and templateRefs`);
  }

  // ---------------------------------------------------------------- structure

  /** A message (top level or dynamic templateRef): pmap, template id (copy), fields. */
  private messageSegment(m: unknown): void {
    if (!isObj(m) || !hasOnlyKeys(m, 'templateId', 'fields') || !isObj(m.fields)) {
      this.fail('D1', 'expected a message { templateId, fields }');
    }
    const id = m.templateId;
    if (typeof id !== 'number' || !Number.isInteger(id)) this.fail('D1', 'templateId must be an integer');
    const t = this.templates.byId.get(id);
    if (t === undefined) this.fail('D9', `unknown template id ${id}`);
    this.path.push(t);
    const start = this.w.length;
    const base = this.bits.length;
    const seg = this.segment++;
    const prev = this.dict.get(TEMPLATE_ID_ENTRY);
    if (prev !== undefined && prev !== EMPTY && prev.kind === 'uInt32' && prev.v === BigInt(id)) {
      this.bits.push(0);
    } else {
      this.bits.push(1);
      this.w.uintNumber(id, this.overlong());
      this.dict.set(TEMPLATE_ID_ENTRY, { kind: 'uInt32', v: BigInt(id) });
    }
    this.fields(t.fields, m.fields, true);
    this.closeSegment(start, base, seg);
    this.path.pop();
  }

  private closeSegment(start: number, base: number, seg: number): void {
    const v = this.variant;
    this.w.insertPresenceMap(start, this.bits, base, this.bits.length, v.pmap === 'full', v.pmapPadding?.(seg) ?? 0);
    this.bits.length = base;
  }

  /** A group body or sequence element: its own segment only when a field needs a pmap bit. */
  private body(fields: readonly Field[], value: unknown): void {
    if (!isObj(value)) this.fail('D1', 'expected an object of fields');
    if (!this.needsPmap(fields)) {
      this.fields(fields, value, true);
      return;
    }
    const start = this.w.length;
    const base = this.bits.length;
    const seg = this.segment++;
    this.fields(fields, value, true);
    this.closeSegment(start, base, seg);
  }

  private fields(fields: readonly Field[], obj: Obj, checkKeys: boolean): void {
    if (checkKeys) {
      const names = this.expectedNames(fields);
      // for-in, not Object.keys: no array per object (canonical objects are plain, nothing inherited).
      for (const key in obj) if (!names.has(key)) this.fail('D1', `unexpected field "${key}"`);
    }
    for (const f of fields) {
      if (f.kind === 'templateRef') {
        if (f.template !== undefined) {
          const t = resolveTemplateRef(this.templates, f);
          if (t === undefined) this.fail('D8', `static templateRef to unknown template "${f.template.name}"`);
          this.enter();
          this.fields(t.fields, obj, false);
          this.depth--;
        } else {
          this.path.push(f);
          this.enter();
          this.messageSegment(this.member(obj, f.name));
          this.depth--;
          this.path.pop();
        }
        continue;
      }
      this.path.push(f);
      this.field(f, this.member(obj, f.name));
      this.path.pop();
    }
  }

  private member(obj: Obj, name: string): unknown {
    const v = Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : undefined;
    if (v === undefined) this.fail('D1', `missing field "${name}"`);
    return v;
  }

  private field(f: Exclude<Field, { kind: 'templateRef' }>, v: unknown): void {
    const optional = f.presence === 'optional';
    switch (f.kind) {
      case 'integer':
        this.integer(f.op, f.type, optional, this.parseInteger(v, f.type));
        return;
      case 'decimal':
        this.decimalField(f, this.parseDecimal(v));
        return;
      case 'string':
        if (f.charset === 'ascii') {
          if (f.op.kind === 'none') this.asciiNone(optional, this.parseAscii(v));
          else this.string(f.op, 'ascii', optional, this.asciiBytes(this.parseAscii(v)));
        } else if (f.op.kind === 'none') {
          this.unicodeNone(optional, this.parseUnicode(v));
        } else {
          const s = this.parseUnicode(v);
          this.string(f.op, 'unicode', optional, s === null ? null : Buffer.from(s, 'utf8'));
        }
        return;
      case 'byteVector':
        this.string(f.op, 'byteVector', optional, this.parseBytes(v));
        return;
      case 'group':
        if (v === null) {
          if (!optional) this.fail('D5', 'mandatory group is null');
          this.bits.push(0);
          return;
        }
        if (optional) this.bits.push(1);
        this.enter();
        this.body(f.fields, v);
        this.depth--;
        return;
      case 'sequence': {
        if (v !== null && !Array.isArray(v)) this.fail('D1', 'expected an array (sequence) or null');
        const elements = v as readonly unknown[] | null;
        this.integer(f.length.op, 'uInt32', optional, elements === null ? null : BigInt(elements.length));
        if (elements === null) return;
        this.enter();
        for (let i = 0; i < elements.length; i++) {
          this.path.push(i);
          this.body(f.fields, elements[i]);
          this.path.pop();
        }
        this.depth--;
        return;
      }
    }
  }

  // ---------------------------------------------------------------- integers

  /** An integer under its operator (also decimal exponents / mantissas and sequence lengths). */
  private integer(op: Operator, type: IntegerType, optional: boolean, v: bigint | null): void {
    if (v === null && !optional) this.fail('D5', 'mandatory field is null');
    switch (op.kind) {
      case 'none':
        this.writeInteger(type, optional, v);
        return;
      case 'constant': {
        const c = this.integerInitial(op, true)!;
        if (optional) this.bits.push(v === null ? 0 : 1);
        if (v !== null && v !== c) this.fail('D1', `value ${v} differs from the constant ${c}`);
        return;
      }
      case 'default': {
        const init = this.integerInitial(op, false);
        if (v === null ? init === undefined : v === init) {
          this.bits.push(0);
        } else {
          this.bits.push(1);
          this.writeInteger(type, optional, v);
        }
        return;
      }
      case 'copy':
      case 'increment': {
        // Written out (no predict / copyLike closures): this is the hottest path.
        const ref = op.dictionary!.id;
        const entry = this.dict.get(ref);
        const increment = op.kind === 'increment';
        let predicted: bigint | undefined; // what a cleared bit decodes to, if a value
        let absent = false; // a cleared bit decodes to NULL
        if (entry === undefined) {
          predicted = this.integerInitial(op, false);
          absent = predicted === undefined && optional;
        } else if (entry === EMPTY) absent = optional;
        else if (entry.kind === type) predicted = !increment ? entry.v : entry.v >= RANGES[type][1] ? RANGES[type][0] : entry.v + 1n;
        // (else: another type's value, D4 at a decoder on a cleared bit: always send)
        if (v === null) {
          if (absent) {
            this.bits.push(0);
            if (entry === undefined) this.dict.set(ref, EMPTY);
          } else {
            this.bits.push(1);
            this.writeInteger(type, optional, null);
            this.dict.set(ref, EMPTY);
          }
        } else if (predicted === v) {
          this.bits.push(0);
          if (entry === undefined || increment) this.dict.set(ref, { kind: type, v });
        } else {
          this.bits.push(1);
          this.writeInteger(type, optional, v);
          this.dict.set(ref, { kind: type, v });
        }
        return;
      }
      case 'delta': {
        if (v === null) {
          this.writeSigned(optional, null); // NULL delta: absent, entry unchanged
          return;
        }
        const ref = op.dictionary!.id;
        const entry = this.dict.get(ref);
        const base = this.deltaBase(entry, type, () => this.integerInitial(op, false) ?? 0n, (p) => p.v);
        this.writeSigned(optional, v - base);
        this.dict.set(ref, { kind: type, v });
        return;
      }
      case 'tail':
        this.fail('S2', 'the tail operator does not apply to integers');
    }
  }

  private writeInteger(type: IntegerType, optional: boolean, v: bigint | null): void {
    const ov = this.overlong();
    if (type === 'int32' || type === 'int64') {
      if (optional) this.w.nullableInt(v, ov);
      else this.w.int(v!, ov);
    } else if (optional) this.w.nullableUint(v, ov);
    else this.w.uint(v!, ov);
  }

  private writeSigned(optional: boolean, v: bigint | null): void {
    if (optional) this.w.nullableInt(v, this.overlong());
    else this.w.int(v!, this.overlong());
  }

  // ---------------------------------------------------------------- decimals

  private decimalField(f: DecimalField, v: Decimal | null): void {
    const optional = f.presence === 'optional';
    if (f.operators.form === 'individual') {
      // §6.2.5: the exponent is a nullable int32 when the decimal is optional; the mantissa
      // (mandatory int64) is only there when the exponent is not NULL.
      if (v === null && !optional) this.fail('D5', 'mandatory field is null');
      this.integer(f.operators.exponent, 'int32', optional, v === null ? null : BigInt(v.exponent));
      if (v !== null) this.integer(f.operators.mantissa, 'int64', false, v.mantissa);
      return;
    }
    const op = f.operators.op;
    if (v === null && !optional) this.fail('D5', 'mandatory field is null');
    switch (op.kind) {
      case 'none':
        this.writeDecimal(optional, v);
        return;
      case 'constant': {
        const c = this.decimalInitial(op, true)!;
        if (optional) this.bits.push(v === null ? 0 : 1);
        if (v !== null && !sameDecimal(v, c)) this.fail('D1', `value ${v.mantissa}e${v.exponent} differs from the constant ${c.mantissa}e${c.exponent}`);
        return;
      }
      case 'default': {
        const init = this.decimalInitial(op, false);
        if (v === null ? init === undefined : init !== undefined && sameDecimal(v, init)) {
          this.bits.push(0);
        } else {
          this.bits.push(1);
          this.writeDecimal(optional, v);
        }
        return;
      }
      case 'copy': {
        const ref = op.dictionary!.id;
        const entry = this.dict.get(ref);
        const prediction = this.predict(entry, 'decimal', optional, this.decimalInitial(op, false), (p) => p);
        this.copyLike(ref, entry, prediction, v, sameDecimal, () => this.writeDecimal(optional, v), (x) => ({ kind: 'decimal', exponent: x.exponent, mantissa: x.mantissa }));
        return;
      }
      case 'delta': {
        if (v === null) {
          this.writeSigned(true, null);
          return;
        }
        const ref = op.dictionary!.id;
        const entry = this.dict.get(ref);
        const base = this.deltaBase(entry, 'decimal', () => this.decimalInitial(op, false) ?? { exponent: 0, mantissa: 0n }, (p) => p);
        this.writeSigned(optional, BigInt(v.exponent - base.exponent));
        this.w.int(v.mantissa - base.mantissa, this.overlong());
        this.dict.set(ref, { kind: 'decimal', exponent: v.exponent, mantissa: v.mantissa });
        return;
      }
      case 'increment':
      case 'tail':
        this.fail('S2', `the ${op.kind} operator does not apply to decimals`);
    }
  }

  private writeDecimal(optional: boolean, v: Decimal | null): void {
    this.writeSigned(optional, v === null ? null : BigInt(v.exponent));
    if (v !== null) this.w.int(v.mantissa, this.overlong());
  }

  // ---------------------------------------------------------------- strings

  private asciiNone(optional: boolean, s: string | null): void {
    if (s === null) {
      if (!optional) this.fail('D5', 'mandatory field is null');
      this.site++;
      this.w.nullAscii();
    } else {
      this.w.asciiString(s, optional, this.overlong());
    }
  }

  private unicodeNone(optional: boolean, s: string | null): void {
    if (s === null) {
      if (!optional) this.fail('D5', 'mandatory field is null');
      this.w.nullByteVector(this.overlong());
    } else {
      this.w.utf8(s, optional, this.overlong());
    }
  }

  /** ascii, unicode (as UTF-8) and byteVector under an operator, as bytes. */
  private string(op: Operator, kind: StringKind, optional: boolean, v: Uint8Array | null): void {
    if (v === null && !optional) this.fail('D5', 'mandatory field is null');
    switch (op.kind) {
      case 'none':
        this.writeString(kind, optional, v);
        return;
      case 'constant': {
        const c = this.stringInitial(op, kind, true)!;
        if (optional) this.bits.push(v === null ? 0 : 1);
        if (v !== null && !sameBytes(v, c)) this.fail('D1', 'value differs from the constant');
        return;
      }
      case 'default': {
        const init = this.stringInitial(op, kind, false);
        if (v === null ? init === undefined : init !== undefined && sameBytes(v, init)) {
          this.bits.push(0);
        } else {
          this.bits.push(1);
          this.writeString(kind, optional, v);
        }
        return;
      }
      case 'copy': {
        const ref = op.dictionary!.id;
        const entry = this.dict.get(ref);
        const prediction = this.predict(entry, kind, optional, this.stringInitial(op, kind, false), (p) => p.bytes);
        this.copyLike(ref, entry, prediction, v, sameBytes, () => this.writeString(kind, optional, v), (b) => ({ kind, bytes: b }));
        return;
      }
      case 'delta': {
        const index = this.deltaIndex++;
        if (v === null) {
          this.writeSigned(true, null); // NULL subtraction length: absent, entry unchanged
          return;
        }
        const ref = op.dictionary!.id;
        const entry = this.dict.get(ref);
        const base = this.deltaBase(entry, kind, () => this.stringInitial(op, kind, false) ?? NO_BYTES, (p) => p.bytes);
        const side = this.variant.stringDelta?.(index) ?? 'shortest';
        const d = chooseStringDelta(base, v, kind, optional, side);
        this.writeSigned(optional, BigInt(d.subtract));
        this.writeString(kind, false, d.diff);
        this.dict.set(ref, { kind, bytes: v });
        return;
      }
      case 'tail': {
        const ref = op.dictionary!.id;
        const entry = this.dict.get(ref);
        const init = this.stringInitial(op, kind, false);
        const prediction = this.predict(entry, kind, optional, init, (p) => p.bytes);
        const nullEmpties = this.options.variants?.tailNull !== 'unchanged';
        this.copyLike(ref, entry, prediction, v, sameBytes, () => {
          if (v === null) {
            this.writeString(kind, true, null);
            return;
          }
          // §6.3.8: base is the previous value, else the initial value, else "" (also when empty).
          const base =
            entry === undefined || entry === EMPTY ? init ?? NO_BYTES : entry.kind === kind ? entry.bytes : this.fail('D4', `dictionary entry holds a ${entry.kind}, not a ${kind}`);
          if (v.length < base.length) this.fail('D7', `a tail cannot shorten the value (base is ${base.length} long, value ${v.length})`);
          const tail = v.length > base.length ? v : v.subarray(commonPrefix(base, v));
          this.writeString(kind, optional, tail);
        }, (b) => ({ kind, bytes: b }), nullEmpties);
        return;
      }
      case 'increment':
        this.fail('S2', `the increment operator does not apply to ${kind}`);
    }
  }

  private writeString(kind: StringKind, nullable: boolean, v: Uint8Array | null): void {
    if (kind === 'ascii') {
      if (v === null) {
        this.site++;
        this.w.nullAscii();
      } else this.w.ascii(v, nullable, this.overlong());
    } else if (v === null) this.w.nullByteVector(this.overlong());
    else this.w.byteVector(v, nullable, this.overlong());
  }

  // ---------------------------------------------------------------- operators, shared

  /** What a cleared bit would give under copy / increment / tail (§6.3.1). */
  private predict<T, K extends DictionaryValue['kind']>(
    entry: DictionaryEntry,
    kind: K,
    optional: boolean,
    initial: T | undefined,
    fromPrevious: (p: Extract<DictionaryValue, { kind: K }>) => T,
  ): Prediction<T> {
    if (entry === undefined) return initial !== undefined ? { value: initial } : optional ? 'absent' : 'error';
    if (entry === EMPTY) return optional ? 'absent' : 'error';
    if (entry.kind !== kind) return 'error'; // D4 at the decoder: never omit
    return { value: fromPrevious(entry as Extract<DictionaryValue, { kind: K }>) };
  }

  /**
   * copy / tail (decimals, strings): clear the bit when the decoder would reproduce `v` from the
   * dictionary, else set it and send the value (`send`). Dictionary updates follow §6.3.1.
   */
  private copyLike<T>(
    ref: string,
    entry: DictionaryEntry,
    prediction: Prediction<T>,
    v: T | null,
    same: (a: T, b: T) => boolean,
    send: () => void,
    store: (x: T) => DictionaryValue,
    /** A NULL sent empties the entry (§10.5.1); false for a tail under the tailNull 'unchanged' variant. */
    nullEmpties = true,
  ): void {
    if (v === null) {
      if (prediction === 'absent') {
        this.bits.push(0);
        if (entry === undefined) this.dict.set(ref, EMPTY);
      } else {
        this.bits.push(1);
        send();
        if (nullEmpties) this.dict.set(ref, EMPTY);
      }
      return;
    }
    if (typeof prediction === 'object' && same(prediction.value, v)) {
      this.bits.push(0);
      // An undefined entry takes the initial value; an assigned one already holds v.
      if (entry === undefined) this.dict.set(ref, store(v));
      return;
    }
    this.bits.push(1);
    send();
    this.dict.set(ref, store(v));
  }

  /** The base of a delta (§6.3.7.1): previous, else initial / type default; empty is D6. */
  private deltaBase<T, K extends DictionaryValue['kind']>(
    entry: DictionaryEntry,
    kind: K,
    initial: () => T,
    fromPrevious: (p: Extract<DictionaryValue, { kind: K }>) => T,
  ): T {
    if (entry === undefined) return initial();
    if (entry === EMPTY) this.fail('D6', 'delta base is empty (the dictionary entry holds NULL)');
    if (entry.kind !== kind) this.fail('D4', `dictionary entry holds a ${entry.kind}, not a ${kind}`);
    return fromPrevious(entry as Extract<DictionaryValue, { kind: K }>);
  }

  private integerInitial(op: Operator, required: boolean): bigint | undefined {
    const i = op.initial;
    if (i === undefined) {
      if (required) this.fail('S4', `${op.kind} operator without an initial value`);
      return undefined;
    }
    if (i.kind !== 'integer') this.fail('S3', `initial value of kind ${i.kind} on an integer`);
    return i.value;
  }

  private decimalInitial(op: Operator, required: boolean): Decimal | undefined {
    const i = op.initial;
    if (i === undefined) {
      if (required) this.fail('S4', `${op.kind} operator without an initial value`);
      return undefined;
    }
    if (i.kind !== 'decimal') this.fail('S3', `initial value of kind ${i.kind} on a decimal`);
    return i;
  }

  private stringInitial(op: Operator, kind: StringKind, required: boolean): Uint8Array | undefined {
    const i = op.initial;
    if (i === undefined) {
      if (required) this.fail('S4', `${op.kind} operator without an initial value`);
      return undefined;
    }
    let b = this.initialBytes.get(op);
    if (b === undefined) {
      if (kind === 'byteVector') {
        if (i.kind !== 'bytes') this.fail('S3', `initial value of kind ${i.kind} on a byteVector`);
        b = i.value;
      } else {
        if (i.kind !== 'string') this.fail('S3', `initial value of kind ${i.kind} on a string`);
        b = Buffer.from(i.value, kind === 'ascii' ? 'latin1' : 'utf8');
      }
      this.initialBytes.set(op, b);
    }
    return b;
  }

  // ---------------------------------------------------------------- static analysis

  /** Whether a segment over `fields` has a presence map (§10.5.1 / notes item 4). */
  private needsPmap(fields: readonly Field[]): boolean {
    let r = this.pmapNeeded.get(fields);
    if (r === undefined) {
      r = fields.some((f) => this.usesBit(f));
      this.pmapNeeded.set(fields, r);
    }
    return r;
  }

  private usesBit(f: Field): boolean {
    switch (f.kind) {
      case 'integer':
      case 'string':
      case 'byteVector':
        return opUsesBit(f.op, f.presence === 'optional');
      case 'decimal':
        return f.operators.form === 'single'
          ? opUsesBit(f.operators.op, f.presence === 'optional')
          : opUsesBit(f.operators.exponent, f.presence === 'optional') || opUsesBit(f.operators.mantissa, false);
      case 'group':
        return f.presence === 'optional';
      case 'sequence':
        return opUsesBit(f.length.op, f.length.presence === 'optional');
      case 'templateRef': {
        if (f.template === undefined) return false;
        const t = resolveTemplateRef(this.templates, f);
        return t !== undefined && this.needsPmap(t.fields);
      }
    }
  }

  /** Names a canonical object over `fields` may have (static templateRefs inline). */
  private expectedNames(fields: readonly Field[]): ReadonlySet<string> {
    let s = this.names.get(fields);
    if (s === undefined) {
      const out = new Set<string>();
      const add = (list: readonly Field[], depth: number): void => {
        for (const f of list) {
          if (f.kind !== 'templateRef' || f.template === undefined) out.add(f.name);
          else if (depth < 64) {
            const t: Template | undefined = resolveTemplateRef(this.templates, f);
            if (t !== undefined) add(t.fields, depth + 1);
          }
        }
      };
      add(fields, 0);
      s = out;
      this.names.set(fields, s);
    }
    return s;
  }

  // ---------------------------------------------------------------- canonical values

  private parseInteger(v: unknown, type: IntegerType): bigint | null {
    if (v === null) return null;
    if (typeof v !== 'string') this.fail('D1', `expected a decimal integer string, got ${show(v)}`);
    const n = canonicalInteger(v);
    if (n === undefined) this.fail('D1', `expected a decimal integer string, got ${show(v)}`);
    const [lo, hi] = RANGES[type];
    if (n < lo || n > hi) this.fail('D2', `${show(v)} is out of range for ${type}`);
    return n;
  }

  private parseDecimal(v: unknown): Decimal | null {
    if (v === null) return null;
    if (!isObj(v) || !hasOnlyKeys(v, 'exponent', 'mantissa')) this.fail('D1', `expected a decimal { exponent, mantissa }, got ${show(v)}`);
    const e = v.exponent;
    if (typeof e !== 'number' || !Number.isInteger(e)) this.fail('D1', `decimal exponent must be an integer, got ${show(e)}`);
    if (e < EXPONENT_MIN || e > EXPONENT_MAX) this.fail('R1', `decimal exponent ${e} is outside [-63, 63]`);
    const m = v.mantissa;
    const mantissa = typeof m === 'string' ? canonicalInteger(m) : undefined;
    if (mantissa === undefined) this.fail('D1', `decimal mantissa must be a decimal integer string, got ${show(m)}`);
    if (mantissa < RANGES.int64[0] || mantissa > RANGES.int64[1]) this.fail('R1', `decimal mantissa ${show(m)} does not fit an int64`);
    return { exponent: e === 0 ? 0 : e, mantissa };
  }

  private parseAscii(v: unknown): string | null {
    if (v === null) return null;
    if (typeof v !== 'string') this.fail('D1', `expected a string, got ${show(v)}`);
    for (let i = 0; i < v.length; i++) {
      if (v.charCodeAt(i) > 0x7f) this.fail('D1', `character ${i} (U+${v.charCodeAt(i).toString(16).padStart(4, '0')}) is not ASCII`);
    }
    return v;
  }

  private asciiBytes(s: string | null): Uint8Array | null {
    if (s === null) return null;
    // A plain loop: Buffer.from(s, 'latin1') costs a native call and a pooled Buffer per field.
    const b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }

  private parseUnicode(v: unknown): string | null {
    if (v === null) return null;
    if (typeof v !== 'string') this.fail('D1', `expected a string, got ${show(v)}`);
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = v.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) this.fail('D1', `lone surrogate at character ${i} has no UTF-8 encoding`);
    }
    return v;
  }

  private parseBytes(v: unknown): Uint8Array | null {
    if (v === null) return null;
    if (!isObj(v) || !hasOnlyKeys(v, 'hex') || typeof v.hex !== 'string' || !HEX_PATTERN.test(v.hex)) {
      this.fail('D1', `expected { hex: lowercase hex digit pairs }, got ${show(v)}`);
    }
    return Buffer.from(v.hex, 'hex');
  }

  // ---------------------------------------------------------------- plumbing

  private overlong(): number {
    const f = this.variant.overlong;
    const i = this.site++;
    return f === undefined ? 0 : Math.max(0, Math.floor(f(i)));
  }

  private where(): string {
    let s = '';
    for (const p of this.path) {
      if (typeof p === 'string') s += p;
      else if (typeof p === 'number') s += `[${p}]`;
      else if (!('kind' in p)) s += p.name;
      else s += p.kind === 'templateRef' ? `.${p.name}→` : `.${p.name}`;
    }
    return s;
  }

  private fail(code: FastErrorCode, message: string): never {
    const where = this.where();
    throw new FastError(code, where === '' ? message : `${where}: ${message}`);
  }
}

/**
 * The value of a canonical integer text ("0", "-12"; no "+", no leading zeros, no "-0"), or
 * undefined. Up to 15 digits go through a double (exact), which is much cheaper than BigInt(text).
 */
function canonicalInteger(v: string): bigint | undefined {
  const neg = v.charCodeAt(0) === 45; // '-'
  const start = neg ? 1 : 0;
  const digits = v.length - start;
  if (digits < 1) return undefined;
  const first = v.charCodeAt(start);
  if (first === 48 /* '0' */ && (digits > 1 || neg)) return undefined;
  let n = 0;
  for (let i = start; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  if (digits <= 15) return BigInt(neg ? -n : n);
  // More digits than any 64-bit value has: out of every range, without parsing them all.
  if (digits > 20) return neg ? -TOO_BIG : TOO_BIG;
  return BigInt(v);
}

function opUsesBit(op: Operator, optional: boolean): boolean {
  return op.kind === 'constant' ? optional : op.kind !== 'none' && op.kind !== 'delta';
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function hasOnlyKeys(o: Obj, ...keys: string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(o, k));
}

function sameDecimal(a: Decimal, b: Decimal): boolean {
  return a.exponent === b.exponent && a.mantissa === b.mantissa;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** Size of a string delta's value part (never nullable). */
function stringSize(kind: StringKind, v: Uint8Array): number {
  if (kind !== 'ascii') return uintSize(BigInt(v.length)) + v.length;
  return v.length === 0 ? 1 : v[0] === 0 ? v.length + 1 : v.length;
}

/**
 * A string delta (§6.3.7.3) from `base` to `v`: a subtraction length and the bytes to add.
 * Back: remove base.length - lcp from the end, append the rest (subtract ≥ 0). Front: remove
 * base.length - lcs from the start, prepend the rest (subtract = -(removed) - 1, excess-1).
 */
export function chooseStringDelta(
  base: Uint8Array,
  v: Uint8Array,
  kind: StringKind,
  optional: boolean,
  side: StringDeltaSide,
): { subtract: number; diff: Uint8Array } {
  const p = commonPrefix(base, v);
  const back = { subtract: base.length - p, diff: v.subarray(p) };
  if (side === 'back') return back;
  const s = commonSuffix(base, v);
  const front = { subtract: -(base.length - s) - 1, diff: v.subarray(0, v.length - s) };
  if (side === 'front') return front;
  const size = (d: { subtract: number; diff: Uint8Array }): number => {
    const n = BigInt(d.subtract);
    return intSize(optional && n >= 0n ? n + 1n : n) + stringSize(kind, d.diff);
  };
  return size(front) < size(back) ? front : back;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
