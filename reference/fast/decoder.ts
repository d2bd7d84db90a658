/**
 * The FAST 1.1 reference decoder: the oracle every other decoder is compared with. It walks the
 * template model directly, section by section of the specification, and builds the canonical
 * JSON of spec/fast/canonical.md.
 *
 * Error policy (documented in spec/fast/canonical.md):
 * - dynamic errors (D*) stop decoding; "unexpected end of data" and implementation limits
 *   (nesting depth, zero-width sequence elements) are D1, which nothing else uses here.
 * - reportable conditions that leave a well-defined value (R6 overlong integer, R7 overlong
 *   presence map, R8 unused presence-map bits, R9 overlong string) are collected in `reports`
 *   and decoding goes on; in strict mode they stop decoding.
 * - an integer in the stream outside its field's type (uInt32 carrying 2^32, ...) is D2; a
 *   delta result outside it is R4 (Appendix 4; increment wraps, so never leaves the type).
 * - reportable conditions that leave no value of the field's type (R1 exponent out of
 *   [-63, 63], R2 invalid UTF-8, R4 delta result out of range) always stop decoding.
 *
 * Speed (the oracle decodes every stream the catalogs generate): each field list is compiled
 * once into a plan whose steps carry their dictionary slots, so an operator reads and writes
 * its entry by index; type names and operator kinds are string literals (pointer-compared) and
 * every operator has one object shape. Values travel unboxed, as payloads (dictionary.ts): an
 * integer is a number (a bigint only beyond 2^53, `Int64Value`), so decoding one allocates
 * nothing. Canonical text comes from integer-text.ts, and values are stored into the canonical
 * objects at one store site per field (store-sites.ts). The operator steps (`scalar`, `plain`,
 * `delta`, `tail`, ...) take an optional trailing slot, resolved from the operator when omitted.
 *
 * Options beyond the specification's one reading: `variants` follow a decoder's declared reading
 * where the text reads two ways (variants.ts, spec/fast/variants.md); `trace` reports where each
 * field's bytes and presence-map bits lie (explanations of counterexamples). Without a tracer the
 * only cost is a null check per field.
 */
import type { CanonicalErrorBody, CanonicalFields, CanonicalMessage, CanonicalValue, StreamDecodeResult } from './canonical.ts';
import { Dictionary, type DecimalPayload, type DictionaryValueType, type Int64Value, type Payload } from './dictionary.ts';
import { errorClassOf, FastError, type FastErrorCode, type ReportableCode } from './errors.ts';
import type {
  DecimalField,
  DictionaryRef,
  Field,
  Operator,
  SequenceField,
  Template,
  TemplateRefField,
  TemplateSet,
} from './template-model.ts';
import { EOF_CODE, PresenceMap, WireReader } from './wire-reader.ts';
import { integerText } from './integer-text.ts';
import { DEFINE_SITE, STORE_SITES, needsDefineSite, setField, storeField } from './store-sites.ts';
import { withReferringTemplateDictionaries, type FastVariants } from './variants.ts';

export interface DecoderOptions {
  /** 'message': every dictionary is reset before each message. Default 'none'. */
  reset?: 'none' | 'message';
  /** Reportable conditions (R6–R9) become errors that stop decoding. Default false. */
  strict?: boolean;
  /** Deepest nesting of groups, sequences and template references (default 64, at most 1000). */
  maxDepth?: number;
  /** Readings of the specification where it allows two (variants.ts); default: DEFAULT_FAST_VARIANTS. */
  variants?: Partial<FastVariants>;
  /** Where each field's bytes lie (explanations of counterexamples); off by default, one null check per field. */
  trace?: DecodeTracer;
}

/**
 * Receives, for every field decoded, its canonical path inside the message's `fields` (sequence
 * items as indices, a dynamic templateRef as `name, 'fields'`, static ones inline), the bytes it
 * read [start, end) and the presence-map bits it consumed. `path` is reused: copy it to keep it.
 */
export interface DecodeTracer {
  message(offset: number): void;
  field(path: readonly (string | number)[], start: number, end: number, pmapOffset: number, pmapLength: number, firstBit: number, bits: number): void;
  /** The message failed: the path of the field being decoded when it did (empty: the header). */
  error(path: readonly (string | number)[], error: FastError): void;
}

export interface DecodedMessage {
  readonly message: CanonicalMessage;
  /** Offset just past the message. */
  readonly end: number;
  readonly reports: CanonicalErrorBody[];
}

/** Code for implementation limits (no Appendix 4 code covers them; see canonical.md). */
export const LIMIT_CODE = 'D1' satisfies FastErrorCode;
/** Zero-width sequence elements (only mandatory constants) one message may hold. */
export const MAX_ZERO_WIDTH_ELEMENTS = 65536;
export const DEFAULT_DECODER_MAX_DEPTH = 64;
/** Highest maxDepth accepted: deeper recursion could exhaust the JS stack (~3 frames a level). */
export const MAX_DECODER_MAX_DEPTH = 1000;

/**
 * §6.4 / Appendix 3.3: the template identifier is encoded as a uInt32 with a copy operator in
 * the global dictionary. Its id has a single U+0000 so it can never equal a field's entry
 * (those have two, see DictionaryRef).
 */
export const TEMPLATE_ID_REF: DictionaryRef = { scope: 'global', qualifier: '', key: 'templateID', id: '\u0000templateID' };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const EXPONENT_MIN = -63;
const EXPONENT_MAX = 63;

/** Per field list: does it need its own presence map, and is an element at least one byte? */
interface SegmentPlan {
  readonly needsPmap: boolean;
  readonly minOneByte: boolean;
  readonly steps: readonly FieldStep[];
  readonly skeleton: CanonicalFields;
}

/**
 * A field flattened once per field list: every step has the same shape, so the decoding loop
 * reads its properties from one hidden class instead of the seven shapes of `Field`.
 */
interface FieldStep {
  readonly kind: number;
  readonly name: string;
  readonly type: DictionaryValueType;
  readonly op: Operator | null;
  readonly optional: boolean;
  readonly field: Field;
  /** Dictionary slot of `op` (of the exponent for an individual decimal); -1 when none. */
  readonly slot: number;
  /** Dictionary slot of an individual decimal's mantissa operator; -1 otherwise. */
  readonly slot2: number;
  /** The element plan of a group or sequence (compiled with its parent's). */
  readonly child: SegmentPlan | null;
  /** The `storeField` site that stores this field's value (see store-sites.ts). */
  readonly site: number;
}
const STEP_INTEGER = 0;
const STEP_DECIMAL = 1;
const STEP_STRING = 2;
const STEP_BYTES = 3;
const STEP_GROUP = 4;
const STEP_SEQUENCE = 5;
const STEP_TEMPLATE_REF = 6;

/**
 * The parser's type names and operator kinds are slices of the XML text, which V8 compares by
 * content; string literals it compares by pointer. Plans hold the literals, so the decoding
 * loop's `switch`es on types and operator kinds are pointer comparisons.
 */
const LITERALS: ReadonlyMap<string, string> = new Map(
  (['int32', 'uInt32', 'int64', 'uInt64', 'decimal', 'ascii', 'unicode', 'byteVector', 'none', 'constant', 'default', 'copy', 'increment', 'delta', 'tail'] as const).map((s) => [s, s]),
);
function literal<T extends string>(s: T): T {
  return (LITERALS.get(s) ?? s) as T;
}

/**
 * The property-key form of a field name: V8 specialises `out[name] = v` on the name only when
 * the name is internalized, and names sliced from the XML text are not.
 */
function internalized(name: string): string {
  return Object.keys({ [name]: null })[0]!;
}

/** Store sites are handed out process-wide, in the order fields are first compiled into plans. */
let nextStoreSite = 0;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();
const NO_PMAP = new PresenceMap(new Uint8Array(0), 0, 0);

export class FastDecoder {
  private readonly dict = new Dictionary();
  private readonly templates: TemplateSet;
  /** Variant tailNull 'unchanged': a NULL tail leaves its entry alone. */
  private readonly tailNullKeeps: boolean;
  private readonly tracer: DecodeTracer | null;
  private readonly tracePath: (string | number)[] = [];
  private readonly strict: boolean;
  private readonly resetPolicy: 'none' | 'message';
  private readonly maxDepth: number;
  private readonly plans = new WeakMap<readonly Field[], SegmentPlan>();
  private readonly initials = new WeakMap<Operator, Payload>();
  /** Each operator of the templates -> its copy with a literal `kind` (see LITERALS). */
  private readonly literalOps = new WeakMap<Operator, Operator>();

  private readonly templateIdSlot = this.dict.slot(TEMPLATE_ID_REF);

  // State of the message being decoded.
  private r: WireReader = new WireReader(new Uint8Array(0), 0, () => {});
  private reports: CanonicalErrorBody[] = [];
  private depth = 0;
  private zeroWidthElements = 0;
  // A report that decoding goes on after needs only its canonical body, not an Error.
  private readonly sink = (code: ReportableCode, offset: number, message: string): void => {
    if (this.strict) throw new FastError(code, message, offset);
    this.reports.push({ code, class: errorClassOf(code), offset, message });
  };

  constructor(templates: TemplateSet, options: DecoderOptions = {}) {
    this.templates = options.variants?.staticTemplateRefDictionary === 'referring' ? withReferringTemplateDictionaries(templates) : templates;
    this.tailNullKeeps = options.variants?.tailNull === 'unchanged';
    this.tracer = options.trace ?? null;
    this.strict = options.strict ?? false;
    this.resetPolicy = options.reset ?? 'none';
    this.maxDepth = options.maxDepth ?? DEFAULT_DECODER_MAX_DEPTH;
    if (!Number.isInteger(this.maxDepth) || this.maxDepth < 1 || this.maxDepth > MAX_DECODER_MAX_DEPTH) {
      throw new RangeError(`maxDepth must be an integer in [1, ${MAX_DECODER_MAX_DEPTH}], got ${this.maxDepth}`);
    }
  }

  /** Every dictionary entry back to undefined (§6.3.1). */
  reset(): void {
    this.dict.reset();
  }

  /** Decodes one message starting at `offset`. Throws FastError. */
  decodeMessage(bytes: Uint8Array, offset: number): DecodedMessage {
    if (this.resetPolicy === 'message') this.dict.reset();
    this.r = new WireReader(bytes, offset, this.sink);
    this.reports = [];
    this.depth = 0;
    this.zeroWidthElements = 0;
    if (this.tracer !== null) return this.decodeMessageTraced(offset, this.tracer);
    const message = this.segmentWithTemplateId();
    return { message, end: this.r.pos, reports: this.reports };
  }

  /** decodeMessage with the tracer told where the message starts and which field a failure hit. */
  private decodeMessageTraced(offset: number, tracer: DecodeTracer): DecodedMessage {
    this.tracePath.length = 0;
    tracer.message(offset);
    try {
      const message = this.segmentWithTemplateId();
      return { message, end: this.r.pos, reports: this.reports };
    } catch (e) {
      if (e instanceof FastError) tracer.error(this.tracePath, e);
      throw e;
    }
  }

  /** Every message until the end of `bytes` or the first error (the messages before it are kept). */
  decodeStream(bytes: Uint8Array): StreamDecodeResult {
    const messages: CanonicalMessage[] = [];
    const reports: CanonicalErrorBody[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      try {
        const d = this.decodeMessage(bytes, offset);
        messages.push(d.message);
        for (const rep of d.reports) reports.push(rep);
        offset = d.end;
      } catch (e) {
        if (!(e instanceof FastError)) throw e;
        for (const rep of this.reports) reports.push(rep);
        return { messages, error: e.toCanonical(), reports };
      }
    }
    return { messages, error: null, reports };
  }

  // ---- §6.4, §10.5: segments ------------------------------------------------------------

  /** A message, or a dynamic templateRef: presence map, template id, the template's fields. */
  private segmentWithTemplateId(): CanonicalMessage {
    const pmap = this.r.readPresenceMap();
    const template = this.templateId(pmap);
    const plan = this.plan(template.fields);
    const fields: CanonicalFields = { ...plan.skeleton };
    this.fields(plan, pmap, fields);
    this.checkUnusedBits(pmap);
    return { templateId: template.id!, fields };
  }

  /** The template id: copy operator, global dictionary (Appendix 3.3). D9 when unknown. */
  private templateId(pmap: PresenceMap): Template {
    const start = this.r.pos;
    let id: number;
    if (pmap.next()) {
      id = this.r.readUInt();
      if (id > UINT32_MAX) throw new FastError('D2', `template id ${String(id)} does not fit a uInt32`, start);
      this.dict.assignAt(this.templateIdSlot, 'uInt32', id);
    } else {
      const held = this.dict.typeAt(this.templateIdSlot);
      if (held == null) {
        throw new FastError(held === undefined ? 'D5' : 'D6', 'template id not in the stream and no previous template id', start);
      }
      id = this.dict.payloadAt(this.templateIdSlot) as number;
    }
    const t = this.templates.byId.get(id);
    if (t === undefined) throw new FastError('D9', `unknown template id ${id}`, start);
    return t;
  }

  /** A group or sequence element: its own presence map only if one of its fields needs a bit. */
  private segment(plan: SegmentPlan, out: CanonicalFields): void {
    if (plan.needsPmap) {
      const pmap = this.r.readPresenceMap();
      this.fields(plan, pmap, out);
      this.checkUnusedBits(pmap);
    } else {
      this.fields(plan, NO_PMAP, out);
    }
  }

  /** R8: a presence map with set bits beyond those its fields used. */
  private checkUnusedBits(pmap: PresenceMap): void {
    if (pmap.hasUnusedSetBits()) {
      this.sink('R8', pmap.offset, `presence map has set bits beyond the ${pmap.consumed} its fields use`);
    }
  }

  private enter(start: number): void {
    if (++this.depth > this.maxDepth) {
      throw new FastError(LIMIT_CODE, `nesting deeper than ${this.maxDepth} (implementation limit)`, start);
    }
  }

  private fields(plan: SegmentPlan, pmap: PresenceMap, out: CanonicalFields): void {
    const steps = plan.steps;
    const tracer = this.tracer;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      const start = this.r.pos;
      let firstBit = 0;
      if (tracer !== null) {
        firstBit = pmap.consumed;
        if (s.kind !== STEP_TEMPLATE_REF) this.tracePath.push(s.name);
      }
      let value: CanonicalValue;
      switch (s.kind) {
        case STEP_INTEGER: {
          const v = this.scalar(s.type, s.op!, s.optional, pmap, start, s.slot);
          value = v === null ? null : integerText(v as Int64Value);
          break;
        }
        case STEP_DECIMAL:
          value = this.decimal(s.field as DecimalField, pmap, start, s.slot, s.slot2);
          break;
        case STEP_STRING: {
          const v = this.scalar(s.type, s.op!, s.optional, pmap, start, s.slot);
          value = v === null ? null : s.type === 'ascii' ? (v as string) : unicodeText(v as Uint8Array, start);
          break;
        }
        case STEP_BYTES: {
          const v = this.scalar('byteVector', s.op!, s.optional, pmap, start, s.slot);
          value = v === null ? null : { hex: hex(v as Uint8Array) };
          break;
        }
        case STEP_GROUP:
          value = this.group(s, pmap, start);
          break;
        case STEP_SEQUENCE:
          value = this.sequence(s, pmap, start);
          break;
        default: // STEP_TEMPLATE_REF: fills `out` itself
          this.templateRef(s.field as TemplateRefField, pmap, out, start);
          continue;
      }
      storeField(s.site, out, s.name, value);
      if (tracer !== null) {
        tracer.field(this.tracePath, start, this.r.pos, pmap.offset, pmap.length, firstBit, pmap.consumed - firstBit);
        this.tracePath.pop();
      }
    }
  }

  /** §6.2.5 group: an optional group takes one bit in the parent's presence map. */
  private group(s: FieldStep, pmap: PresenceMap, start: number): CanonicalFields | null {
    if (s.optional && !pmap.next()) return null;
    this.enter(start);
    const plan = s.child!;
    const out: CanonicalFields = { ...plan.skeleton };
    this.segment(plan, out);
    this.depth--;
    return out;
  }

  /** §6.2.6 sequence: a uInt32 length (its operator in the parent), then that many elements. */
  private sequence(s: FieldStep, pmap: PresenceMap, start: number): CanonicalFields[] | null {
    const f = s.field as SequenceField;
    const len = this.scalar('uInt32', s.op!, s.optional, pmap, start, s.slot);
    if (len === null) return null;
    const n = len as number;
    this.enter(start);
    const plan = s.child!;
    // Refuse impossible lengths before allocating anything.
    if (plan.minOneByte) {
      if (n > this.r.remaining) {
        throw new FastError(EOF_CODE, `sequence "${f.name}" claims ${n} elements, only ${this.r.remaining} bytes remain`, start);
      }
    } else if ((this.zeroWidthElements += n) > MAX_ZERO_WIDTH_ELEMENTS) {
      throw new FastError(LIMIT_CODE, `more than ${MAX_ZERO_WIDTH_ELEMENTS} zero-width sequence elements in one message (implementation limit)`, start);
    }
    const items: CanonicalFields[] = [];
    const traced = this.tracer !== null;
    for (let i = 0; i < n; i++) {
      const item: CanonicalFields = { ...plan.skeleton };
      if (traced) this.tracePath.push(i);
      this.segment(plan, item);
      if (traced) this.tracePath.pop();
      items.push(item);
    }
    this.depth--;
    return items;
  }

  /** §6.4: static references continue the current presence map inline; dynamic ones nest. */
  private templateRef(f: TemplateRefField, pmap: PresenceMap, out: CanonicalFields, start: number): void {
    this.enter(start);
    if (f.template === undefined) {
      if (this.tracer !== null) {
        this.tracePath.push(f.name, 'fields');
        setField(out, f.name, this.segmentWithTemplateId());
        this.tracePath.length -= 2;
      } else setField(out, f.name, this.segmentWithTemplateId());
    } else {
      const t = this.resolve(f);
      if (t === undefined) throw new FastError('D8', `static templateRef to unknown template "${f.template.name}"`, start);
      this.fields(this.plan(t.fields), pmap, out);
    }
    this.depth--;
  }

  private resolve(f: TemplateRefField): Template | undefined {
    if (f.template === undefined) return undefined;
    const { name, ns } = f.template;
    return this.templates.byName.get(ns === undefined ? name : `${ns}\u0000${name}`);
  }

  // ---- §6.2.5 decimals ------------------------------------------------------------------

  /** `slot` / `mantissaSlot`: the plan's slots of the operators (resolved here when omitted). */
  private decimal(f: DecimalField, pmap: PresenceMap, start: number, slot?: number, mantissaSlot?: number): CanonicalValue {
    const optional = f.presence === 'optional';
    const ops = f.operators;
    if (ops.form === 'single') {
      const v = this.scalar('decimal', ops.op, optional, pmap, start, slot) as DecimalPayload | null;
      if (v === null) return null;
      return { exponent: v.exponent, mantissa: integerText(v.mantissa) };
    }
    // Individual operators: an int32 exponent (nullable when the decimal is optional) and an
    // int64 mantissa that exists only when the exponent is not NULL.
    if (this.tracer !== null) return this.decimalPartsTraced(f, pmap, start, this.tracer, slot, mantissaSlot);
    const exponent = this.scalar('int32', ops.exponent, optional, pmap, start, slot) as number | null;
    if (exponent === null) return null;
    if (exponent < EXPONENT_MIN || exponent > EXPONENT_MAX) {
      throw new FastError('R1', `decimal "${f.name}": exponent ${exponent} outside [-63, 63]`, start);
    }
    const mantissa = this.scalar('int64', ops.mantissa, false, pmap, start, mantissaSlot) as Int64Value;
    return { exponent, mantissa: integerText(mantissa) };
  }

  /** The individual-operator decimal above, each part traced on its own (path + 'exponent' / 'mantissa'). */
  private decimalPartsTraced(f: DecimalField, pmap: PresenceMap, start: number, tracer: DecodeTracer, slot?: number, mantissaSlot?: number): CanonicalValue {
    const ops = f.operators as Extract<DecimalField['operators'], { form: 'individual' }>;
    const part = (name: 'exponent' | 'mantissa', from: number, bit: number): void => {
      this.tracePath.push(name);
      tracer.field(this.tracePath, from, this.r.pos, pmap.offset, pmap.length, bit, pmap.consumed - bit);
      this.tracePath.pop();
    };
    let bit = pmap.consumed;
    const exponent = this.scalar('int32', ops.exponent, f.presence === 'optional', pmap, start, slot) as number | null;
    part('exponent', start, bit);
    if (exponent === null) return null;
    if (exponent < EXPONENT_MIN || exponent > EXPONENT_MAX) {
      throw new FastError('R1', `decimal "${f.name}": exponent ${exponent} outside [-63, 63]`, start);
    }
    const mStart = this.r.pos;
    bit = pmap.consumed;
    const mantissa = this.scalar('int64', ops.mantissa, false, pmap, mStart, mantissaSlot) as Int64Value;
    part('mantissa', mStart, bit);
    return { exponent, mantissa: integerText(mantissa) };
  }

  // ---- §6.3 field operators -------------------------------------------------------------
  //
  // Values travel as payloads (dictionary.ts): the field's type is known from the field, so an
  // integer is a plain number (a bigint only beyond 2^53) and needs no object.

  /** The dictionary slot of an operator's entry; -1 for operators without one. */
  private slotOf(op: Operator): number {
    return op.dictionary === undefined ? -1 : this.dict.slot(op.dictionary);
  }

  /**
   * A field value under its operator, as the payload of a `type` value, or null when absent.
   * `type` is the integer type, 'decimal' (single operator), 'ascii', 'unicode' or 'byteVector'.
   * `slot` is the operator's dictionary slot (the plan passes it; resolved here when omitted).
   */
  private scalar(
    type: DictionaryValueType,
    op: Operator,
    optional: boolean,
    pmap: PresenceMap,
    start: number,
    slot: number = this.slotOf(op),
  ): Payload | null {
    switch (op.kind) {
      case 'none': // §6.3.1: always in the stream, nullable when optional
        return this.plain(type, optional);
      case 'constant': // §6.3.3: a bit only when optional
        if (optional && !pmap.next()) return null;
        return this.initial(op, type, start, 'S4');
      case 'default': // §6.3.4: present -> the stream value (NULL: absent); else the initial value
        if (pmap.next()) return this.plain(type, optional);
        if (op.initial !== undefined) return this.initial(op, type, start, 'S5');
        if (optional) return null;
        throw new FastError('S5', 'mandatory default operator without an initial value', start);
      case 'copy': // §6.3.5
      case 'increment': // §6.3.6
        if (pmap.next()) return this.assignFromStream(type, optional, slot);
        return this.previous(type, op, optional, start, op.kind === 'increment', slot);
      case 'tail': // §6.3.8
        if (pmap.next()) return this.tail(type, op, optional, start, slot);
        return this.previous(type, op, optional, start, false, slot);
      case 'delta': // §6.3.7: never a bit
        return this.delta(type, op, optional, start, slot);
    }
  }

  /** Copy / increment with the bit set: the stream value; NULL makes the entry empty. */
  private assignFromStream(type: DictionaryValueType, optional: boolean, slot: number): Payload | null {
    const v = this.plain(type, optional);
    if (v === null) this.dict.emptyAt(slot);
    else this.dict.assignAt(slot, type, v);
    return v;
  }

  /**
   * Copy / increment / tail with the bit clear (§6.3.5, §6.3.6, §6.3.8): assigned -> the previous
   * value (+1 for increment, wrapping at the type's maximum); undefined -> the initial value,
   * else absent (optional, entry becomes empty) or D5; empty -> absent (optional) or D6.
   */
  private previous(type: DictionaryValueType, op: Operator, optional: boolean, start: number, increment: boolean, slot: number): Payload | null {
    const held = this.dict.typeAt(slot);
    if (held != null) {
      this.checkType(held, type, op.dictionary!, start);
      const prev = this.dict.payloadAt(slot);
      if (!increment) return prev;
      const next = incremented(type, prev);
      this.dict.assignAt(slot, type, next);
      return next;
    }
    if (held === undefined) {
      if (op.initial !== undefined) {
        const v = this.initial(op, type, start, 'S4');
        this.dict.assignAt(slot, type, v);
        return v;
      }
      if (optional) {
        this.dict.emptyAt(slot);
        return null;
      }
      throw new FastError('D5', `mandatory field absent, no previous value and no initial value (${op.dictionary!.key})`, start);
    }
    if (optional) return null;
    throw new FastError('D6', `mandatory field absent and its previous value is empty (${op.dictionary!.key})`, start);
  }

  /** §6.3.8 tail, bit set: the tail replaces the end of the base (all of it when longer). */
  private tail(type: DictionaryValueType, op: Operator, optional: boolean, start: number, slot: number = this.slotOf(op)): Payload | null {
    const t = this.plain(type, optional);
    if (t === null) {
      // §10.5.1 sets the entry empty; §6.3.8 alone leaves it alone (variants.ts, tailNull).
      if (!this.tailNullKeeps) this.dict.emptyAt(slot);
      return null;
    }
    // Base: previous value if assigned; otherwise (undefined or empty) the initial value, else
    // the type default.
    const held = this.dict.typeAt(slot);
    let base: Payload;
    if (held != null) {
      this.checkType(held, type, op.dictionary!, start);
      base = this.dict.payloadAt(slot);
    }
    // §6.3.8: undefined AND empty entries both take the initial value as the base, if there is one.
    else if (op.initial !== undefined) base = this.initial(op, type, start, 'S4');
    else base = typeDefault(type);
    let v: Payload;
    if (type === 'ascii') {
      const b = base as string;
      const tv = t as string;
      v = tv.length >= b.length ? tv : b.slice(0, b.length - tv.length) + tv;
    } else {
      const b = base as Uint8Array;
      const tv = t as Uint8Array;
      v = tv.length >= b.length ? tv : concat(b.subarray(0, b.length - tv.length), tv);
    }
    this.dict.assignAt(slot, type, v);
    return v;
  }

  /**
   * §6.3.7 delta: the stream carries a difference from the base (the previous value; the
   * initial value or the type default when undefined; D6 when empty). NULL (optional) is
   * absent and leaves the entry alone. A result outside the field's type is R4.
   */
  private delta(type: DictionaryValueType, op: Operator, optional: boolean, start: number, slot: number = this.slotOf(op)): Payload | null {
    const r = this.r;
    let v: Payload;
    switch (type) {
      case 'int32':
      case 'uInt32': {
        // The delta of a 32-bit field needs more than 32 bits: read it as an exact number.
        const d = optional ? r.readIntNullable() : r.readInt();
        if (d === null) return null;
        const base = this.deltaBase(type, op, start, slot) as number;
        v = checkSmall(type, base + d, start, 'R4');
        break;
      }
      case 'int64':
      case 'uInt64': {
        // A uInt64 delta may lie beyond int64: read it as an unbounded signed integer.
        const d = optional ? r.readIntExactNullable() : r.readIntExact();
        if (d === null) return null;
        const base = this.deltaBase(type, op, start, slot) as Int64Value;
        v = checkInt64(type, addExact(base, d), start, 'R4');
        break;
      }
      case 'decimal': {
        // §6.3.7.2: exponent and mantissa deltas; only the exponent delta is nullable.
        const de = optional ? r.readIntNullable() : r.readInt();
        if (de === null) return null;
        const dm = r.readIntExact();
        const base = this.deltaBase(type, op, start, slot) as DecimalPayload;
        const exponent = base.exponent + de;
        if (exponent < EXPONENT_MIN || exponent > EXPONENT_MAX) {
          throw new FastError('R1', `decimal delta gives exponent ${String(exponent)} outside [-63, 63]`, start);
        }
        v = { exponent, mantissa: checkInt64('int64', addExact(base.mantissa, dm), start, 'R4') };
        break;
      }
      case 'ascii':
      case 'unicode':
      case 'byteVector': {
        // §6.3.7.3: a subtraction length (int32, nullable when optional), then the part to add.
        const lenStart = r.pos;
        const sub = optional ? r.readIntNullable() : r.readInt();
        if (sub === null) return null;
        if (sub < INT32_MIN || sub > INT32_MAX) {
          throw new FastError('D7', `subtraction length ${String(sub)} does not fit an int32`, lenStart);
        }
        const part = type === 'ascii' ? r.readAscii(false)! : r.readByteVector(false)!;
        const base = this.deltaBase(type, op, start, slot) as string | Uint8Array;
        const baseLen = base.length;
        // A negative length removes from the front, excess-1: -1 removes nothing.
        const front = sub < 0;
        const remove = front ? -sub - 1 : sub;
        if (remove > baseLen) {
          throw new FastError('D7', `subtraction length ${remove} exceeds the base length ${baseLen}`, lenStart);
        }
        if (type === 'ascii') {
          const b = base as string;
          const p = part as string;
          v = front ? p + b.slice(remove) : b.slice(0, baseLen - remove) + p;
        } else {
          const b = base as Uint8Array;
          const p = part as Uint8Array;
          v = front ? concat(p, b.subarray(remove)) : concat(b.subarray(0, baseLen - remove), p);
        }
        break;
      }
    }
    this.dict.assignAt(slot, type, v);
    return v;
  }

  private deltaBase(type: DictionaryValueType, op: Operator, start: number, slot: number = this.slotOf(op)): Payload {
    const held = this.dict.typeAt(slot);
    if (held != null) {
      this.checkType(held, type, op.dictionary!, start);
      return this.dict.payloadAt(slot);
    }
    if (held === null) throw new FastError('D6', `delta base is empty (${op.dictionary!.key})`, start);
    return op.initial !== undefined ? this.initial(op, type, start, 'S4') : typeDefault(type);
  }

  /** D4: an entry holding a value of another type than the field reading it (`held`). */
  private checkType(held: DictionaryValueType, type: DictionaryValueType, ref: DictionaryRef, start: number): void {
    if (held !== type) {
      throw new FastError('D4', `dictionary entry ${ref.key} holds a ${held}, the field is ${type}`, start);
    }
  }

  // ---- §10.6 plain values ---------------------------------------------------------------

  /** A value as transmitted, nullable when `nullable` (§10.6). An integer outside its type is D2. */
  private plain(type: DictionaryValueType, nullable: boolean): Payload | null {
    const r = this.r;
    const start = r.pos;
    switch (type) {
      case 'int32':
      case 'uInt32': {
        const v = type === 'int32' ? (nullable ? r.readIntNullable() : r.readInt()) : nullable ? r.readUIntNullable() : r.readUInt();
        return v === null ? null : checkSmall(type, v, start, 'D2');
      }
      case 'int64':
      case 'uInt64': {
        const v = type === 'int64' ? (nullable ? r.readIntExactNullable() : r.readIntExact()) : nullable ? r.readUIntExactNullable() : r.readUIntExact();
        return v === null ? null : checkInt64(type, v, start, 'D2');
      }
      case 'decimal': {
        // §10.6.2: exponent (nullable when optional) then mantissa (never nullable).
        const exponent = nullable ? r.readIntNullable() : r.readInt();
        if (exponent === null) return null;
        if (exponent < EXPONENT_MIN || exponent > EXPONENT_MAX) {
          throw new FastError('R1', `decimal exponent ${String(exponent)} outside [-63, 63]`, start);
        }
        const mStart = r.pos;
        return { exponent, mantissa: checkInt64('int64', r.readIntExact(), mStart, 'D2') };
      }
      case 'ascii':
        return r.readAscii(nullable);
      case 'unicode':
      case 'byteVector': {
        const v = r.readByteVector(nullable);
        // Copied: the dictionary outlives the caller's buffer.
        return v === null ? null : v.slice();
      }
    }
  }

  /** The operator's initial value as a payload of `type` (converted once per operator). */
  private initial(op: Operator, type: DictionaryValueType, start: number, missing: 'S4' | 'S5'): Payload {
    let v = this.initials.get(op);
    if (v === undefined) {
      const init = op.initial;
      if (init === undefined) throw new FastError(missing, `${op.kind} operator without an initial value`, start);
      v = fromInitial(init, type, start);
      this.initials.set(op, v);
    }
    return v;
  }

  // ---- plans ----------------------------------------------------------------------------

  private plan(fields: readonly Field[]): SegmentPlan {
    let p = this.plans.get(fields);
    if (p === undefined) {
      p = {
        needsPmap: this.bitCount(fields, 0) > 0,
        minOneByte: this.minOneByte(fields, 0),
        steps: fields.map((f) => this.fieldStep(f)),
        skeleton: this.skeleton(fields, 0),
      };
      this.plans.set(fields, p);
    }
    return p;
  }

  /** A field as a plan step, its dictionary slots resolved and its element plan compiled. */
  private fieldStep(f: Field): FieldStep {
    const optional = f.presence === 'optional';
    const step = (kind: number, type: DictionaryValueType, op: Operator | null, slot: number, slot2 = -1, child: SegmentPlan | null = null, field: Field = f): FieldStep => ({
      kind,
      name: internalized(f.name),
      type,
      op,
      optional,
      field,
      slot,
      slot2,
      child,
      site: needsDefineSite(f.name) ? DEFINE_SITE : nextStoreSite < STORE_SITES ? nextStoreSite++ : STORE_SITES,
    });
    switch (f.kind) {
      case 'integer':
        return step(STEP_INTEGER, literal(f.type), this.literalOp(f.op), this.slotOf(f.op));
      case 'decimal': {
        const ops = f.operators;
        if (ops.form === 'single') {
          const d: DecimalField = { ...f, operators: { form: 'single', op: this.literalOp(ops.op) } };
          return step(STEP_DECIMAL, 'decimal', null, this.slotOf(ops.op), -1, null, d);
        }
        const d: DecimalField = { ...f, operators: { form: 'individual', exponent: this.literalOp(ops.exponent), mantissa: this.literalOp(ops.mantissa) } };
        return step(STEP_DECIMAL, 'decimal', null, this.slotOf(ops.exponent), this.slotOf(ops.mantissa), null, d);
      }
      case 'string':
        return step(STEP_STRING, literal(f.charset), this.literalOp(f.op), this.slotOf(f.op));
      case 'byteVector':
        return step(STEP_BYTES, 'byteVector', this.literalOp(f.op), this.slotOf(f.op));
      case 'group':
        return step(STEP_GROUP, 'decimal', null, -1, -1, this.plan(f.fields));
      case 'sequence':
        return step(STEP_SEQUENCE, 'uInt32', this.literalOp(f.length.op), this.slotOf(f.length.op), -1, this.plan(f.fields));
      case 'templateRef':
        return step(STEP_TEMPLATE_REF, 'decimal', null, -1);
    }
  }

  /** The operator with its kind as a literal (one copy per operator, so `initial` caches once). */
  private literalOp(op: Operator): Operator {
    let c = this.literalOps.get(op);
    if (c === undefined) {
      // One shape for every operator (absent properties as undefined): `op.kind`,
      // `op.initial` and `op.dictionary` are then monomorphic loads.
      c = { kind: literal(op.kind), initial: op.initial, dictionary: op.dictionary };
      this.literalOps.set(op, c);
    }
    return c;
  }

  /**
   * Every key of a field list's canonical object, in template order (static templateRefs
   * expanded), all null: output objects are copies of it, so they share one hidden class and
   * decoding fills existing properties instead of adding new ones.
   */
  private skeleton(fields: readonly Field[], depth: number): CanonicalFields {
    const out: CanonicalFields = {};
    if (depth > this.maxDepth) return out;
    for (const f of fields) {
      if (f.kind === 'templateRef' && f.template !== undefined) {
        const t = this.resolve(f);
        // Not Object.assign: it would set `__proto__` through the inherited setter.
        if (t !== undefined) for (const k of Object.keys(this.skeleton(t.fields, depth + 1))) setField(out, k, null);
      } else setField(out, f.name, null);
    }
    return out;
  }

  /** Presence-map bits a field list takes in its own map (Appendix 3.3, notes item 4). */
  private bitCount(fields: readonly Field[], depth: number): number {
    if (depth > this.maxDepth) return 0; // a static reference cycle: decoding hits maxDepth
    let n = 0;
    for (const f of fields) {
      switch (f.kind) {
        case 'integer':
        case 'string':
        case 'byteVector':
          n += operatorBits(f.op, f.presence === 'optional');
          break;
        case 'decimal':
          if (f.operators.form === 'single') n += operatorBits(f.operators.op, f.presence === 'optional');
          else n += operatorBits(f.operators.exponent, f.presence === 'optional') + operatorBits(f.operators.mantissa, false);
          break;
        case 'group':
          n += f.presence === 'optional' ? 1 : 0;
          break;
        case 'sequence':
          n += operatorBits(f.length.op, f.presence === 'optional');
          break;
        case 'templateRef': {
          const t = this.resolve(f);
          if (t !== undefined) n += this.bitCount(t.fields, depth + 1);
          break;
        }
      }
    }
    return n;
  }

  /** True when every instance of the list reads at least one byte (bounds sequence lengths). */
  private minOneByte(fields: readonly Field[], depth: number): boolean {
    if (depth > this.maxDepth) return false;
    if (this.bitCount(fields, depth) > 0) return true;
    for (const f of fields) {
      switch (f.kind) {
        case 'integer':
        case 'string':
        case 'byteVector':
          if (f.op.kind === 'none' || f.op.kind === 'delta') return true;
          break;
        case 'decimal': {
          const ops = f.operators;
          const kinds = ops.form === 'single' ? [ops.op.kind] : [ops.exponent.kind, ops.mantissa.kind];
          if (kinds.some((k) => k === 'none' || k === 'delta')) return true;
          break;
        }
        case 'group':
          if (f.presence === 'mandatory' && this.minOneByte(f.fields, depth + 1)) return true;
          break;
        case 'sequence':
          if (f.length.op.kind === 'none' || f.length.op.kind === 'delta') return true;
          break;
        case 'templateRef': {
          if (f.template === undefined) return true;
          const t = this.resolve(f);
          if (t !== undefined && this.minOneByte(t.fields, depth + 1)) return true;
          break;
        }
      }
    }
    return false;
  }
}

/** Bits an operator takes (§6.3, Appendix 3.3): none / delta 0; constant 1 if optional; else 1. */
function operatorBits(op: Operator, optional: boolean): number {
  switch (op.kind) {
    case 'none':
    case 'delta':
      return 0;
    case 'constant':
      return optional ? 1 : 0;
    default:
      return 1;
  }
}

/** The code of an integer outside its type: D2 as sent in the stream, R4 as a delta / increment result. */
type RangeCode = 'D2' | 'R4';

function checkSmall(type: 'int32' | 'uInt32', v: number, start: number, code: RangeCode): number {
  const ok = type === 'int32' ? v >= INT32_MIN && v <= INT32_MAX : v >= 0 && v <= UINT32_MAX;
  if (!ok) throw new FastError(code, `${String(v)} is out of range for ${type}`, start);
  return v;
}

function checkInt64(type: 'int64' | 'uInt64', v: Int64Value, start: number, code: RangeCode): Int64Value {
  // A number is at most 2^53 in magnitude, so within int64; for uInt64 only its sign matters.
  const ok =
    typeof v === 'number'
      ? type === 'int64' || v >= 0
      : type === 'int64'
        ? v >= INT64_MIN && v <= INT64_MAX
        : v >= 0n && v <= UINT64_MAX;
  if (!ok) throw new FastError(code, `${v} is out of range for ${type}`, start);
  return v;
}

/**
 * a + b, exact. Both numbers (|x| ≤ 2^53): the double sum is exact whenever the exact sum is a
 * safe integer, and is not a safe integer otherwise (rounding is monotonic and 2^53 is a
 * double), so a safe double sum is the answer; anything else is recomputed as a bigint.
 */
function addExact(a: Int64Value, b: Int64Value): Int64Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s >= -Number.MAX_SAFE_INTEGER && s <= Number.MAX_SAFE_INTEGER) return s;
  }
  return BigInt(a) + BigInt(b);
}

/** A bigint as an Int64Value: a number when it is a safe integer. */
function int64Of(v: bigint): Int64Value {
  return v >= -MAX_SAFE_BIGINT && v <= MAX_SAFE_BIGINT ? Number(v) : v;
}
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER);

/** §6.3.6: increment wraps from the type's maximum to its minimum. */
function incremented(type: DictionaryValueType, v: Payload): Payload {
  switch (type) {
    case 'int32':
      return v === INT32_MAX ? INT32_MIN : (v as number) + 1;
    case 'uInt32':
      return v === UINT32_MAX ? 0 : (v as number) + 1;
    case 'int64':
      return v === INT64_MAX ? INT64_MIN : addExact(v as Int64Value, 1);
    case 'uInt64':
      return v === UINT64_MAX ? 0 : addExact(v as Int64Value, 1);
    default:
      // The parser rejects increment on non-integers (S2); an entry shared across types is D4.
      throw new FastError('S2', `increment operator on a ${type} field`, -1);
  }
}

/** Type defaults used as delta / tail bases (§6.3.7, §6.3.8): 0, 0e0, "", no bytes (immutable). */
const TYPE_DEFAULTS: { readonly [T in DictionaryValueType]: Payload } = {
  int32: 0,
  uInt32: 0,
  int64: 0,
  uInt64: 0,
  decimal: { exponent: 0, mantissa: 0 },
  ascii: '',
  unicode: new Uint8Array(0),
  byteVector: new Uint8Array(0),
};

function typeDefault(type: DictionaryValueType): Payload {
  return TYPE_DEFAULTS[type];
}

function fromInitial(init: NonNullable<Operator['initial']>, type: DictionaryValueType, start: number): Payload {
  const bad = (): FastError => new FastError('S3', `initial value of kind ${init.kind} does not suit a ${type} field`, start);
  switch (type) {
    case 'int32':
    case 'uInt32':
      if (init.kind !== 'integer') throw bad();
      return checkSmall(type, Number(init.value), start, 'R4');
    case 'int64':
    case 'uInt64':
      if (init.kind !== 'integer') throw bad();
      return checkInt64(type, int64Of(init.value), start, 'R4');
    case 'decimal':
      if (init.kind !== 'decimal') throw bad();
      return { exponent: init.exponent, mantissa: int64Of(init.mantissa) };
    case 'ascii':
      if (init.kind !== 'string') throw bad();
      return init.value;
    case 'unicode':
      if (init.kind !== 'string') throw bad();
      return utf8Encoder.encode(init.value);
    case 'byteVector':
      if (init.kind !== 'bytes') throw bad();
      return init.value;
  }
}

/** R2: a unicode value (as sent, or combined by delta / tail) that is not valid UTF-8. */
function unicodeText(bytes: Uint8Array, start: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new FastError('R2', 'unicode value is not valid UTF-8', start);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!]!;
  return s;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
