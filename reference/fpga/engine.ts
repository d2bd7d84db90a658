import { FastError, type FastErrorCode, type ReportableCode } from '../fast/errors.ts';
import { Decompressor, TruncatedInput, type DecompressedField } from './decompressor.ts';
import { ASSIGNED, DictionaryFile, EMPTY, UNDEF, type Tag } from './dictionary-file.ts';
// State ASSIGNED_NUM (3) is written only by the JIT, for integer tags; engine code meets it only
// through a type clash, where checkType (D4) comes before any use of the value.
import type { DmaWriter } from './dma-ring.ts';
import { errorWord } from './error-codes.ts';
import { FID, splitOpcode, type Const, type FieldOp, type Instr, type Program, type VType } from './isa.ts';

/**
 * The microcode engine (stage 2): executes a compiled program on the decompressor's fields and
 * drives the DMA engine (stage 3). Its FAST semantics are the reference decoder's, rule for
 * rule (notes/fast-1.1.md items 4–8; error policy of reference/fast/decoder.ts): dynamic errors
 * (an integer outside its type as sent is D2) and R1/R2/R4 (R4: a delta or increment result
 * outside its type) stop the stream with an ERR record; R6–R9 are written as report slots and
 * decoding goes on (in strict mode they stop it too).
 *
 * Values are exact: integers as bigint, decimals as (number exponent, bigint mantissa),
 * strings and byte vectors as bytes.
 */
export interface EngineOptions {
  /** Depth of the decompressor -> engine FIFO (default 8). */
  readonly fifoCapacity?: number;
  /** Deepest nesting of groups, sequences and templateRefs (default 64, as the reference). */
  readonly maxDepth?: number;
  /** R6–R9 stop decoding. */
  readonly strict?: boolean;
}

export type ResetPolicy = 'none' | 'message';

export interface RunOptions {
  readonly reset: ResetPolicy;
  /** Called after each message's last record (the host drains the ring here). */
  readonly onMessage?: () => void;
}

export interface RunResult {
  readonly messages: number;
  /** The error that stopped the stream, if any. */
  readonly error: FastError | null;
  readonly instructions: number;
  /** FIFO statistics of this run's decompressor. */
  readonly fifo: { readonly stalls: number; readonly highWater: number; readonly flushed: number };
}

export const MAX_ZERO_WIDTH_ELEMENTS = 65536;
const INT32_MIN = -(1n << 31n);
const INT32_MAX = (1n << 31n) - 1n;
const UINT32_MAX = (1n << 32n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const NO_BYTES = new Uint8Array(0);

const TAG_OF: Record<VType, Tag> = {
  i32: 'i32',
  u32: 'u32',
  i64: 'i64',
  u64: 'u64',
  exp: 'i32',
  mant: 'i64',
  len: 'u32',
  dec: 'dec',
  ascii: 'ascii',
  uni: 'uni',
  bytes: 'bytes',
};

const TAG_NAME: Record<Tag, string> = { i32: 'int32', u32: 'uInt32', i64: 'int64', u64: 'uInt64', dec: 'decimal', ascii: 'ascii', uni: 'unicode', bytes: 'byteVector' };

export interface Decimal {
  readonly e: number;
  readonly m: bigint;
}

export type Value = bigint | Decimal | Uint8Array;

export interface Pmap {
  readonly chars: Uint8Array;
  readonly offset: number;
  index: number;
}

export const NO_PMAP: Pmap = { chars: NO_BYTES, offset: 0, index: 0 };

/** A decoded instruction: the opcode split once. */
export interface Exec {
  readonly ins: Instr;
  readonly op: FieldOp | null;
  readonly type: VType | null;
  readonly tag: Tag | null;
}

export function inRange(tag: Tag, v: bigint): boolean {
  switch (tag) {
    case 'i32':
      return v >= INT32_MIN && v <= INT32_MAX;
    case 'u32':
      return v >= 0n && v <= UINT32_MAX;
    case 'i64':
      return v >= INT64_MIN && v <= INT64_MAX;
    default:
      return v >= 0n && v <= UINT64_MAX;
  }
}

/** §6.3.6: increment wraps from the type's maximum to its minimum. */
export function incremented(tag: Tag, v: bigint): bigint {
  switch (tag) {
    case 'i32':
      return v === INT32_MAX ? INT32_MIN : v + 1n;
    case 'u32':
      return v === UINT32_MAX ? 0n : v + 1n;
    case 'i64':
      return v === INT64_MAX ? INT64_MIN : v + 1n;
    default:
      return v === UINT64_MAX ? 0n : v + 1n;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export class MicrocodeEngine {
  readonly dict: DictionaryFile;
  protected readonly code: Exec[];
  private readonly maxDepth: number;
  private readonly strict: boolean;
  private readonly fifoCapacity: number;

  // Per-run state.
  protected d!: Decompressor;
  protected dma!: DmaWriter;
  protected bytesLen = 0;
  protected pmap: Pmap = NO_PMAP;
  protected zeroWidth = 0;

  constructor(
    readonly program: Program,
    options: EngineOptions = {},
  ) {
    this.dict = new DictionaryFile(program.slots.length);
    this.maxDepth = options.maxDepth ?? 64;
    this.strict = options.strict ?? false;
    this.fifoCapacity = options.fifoCapacity ?? 8;
    this.code = program.instrs.map((ins) => {
      const s = splitOpcode(ins.op);
      return { ins, op: s?.op ?? null, type: s?.type ?? null, tag: s ? TAG_OF[s.type] : null };
    });
  }

  /** Every dictionary entry back to undefined. */
  reset(): void {
    this.dict.reset();
  }

  /** Decodes a whole stream into the DMA engine. Never throws on bad input (ERR record). */
  run(bytes: Uint8Array, dma: DmaWriter, options: RunOptions): RunResult {
    this.d = new Decompressor(bytes, this.fifoCapacity);
    this.dma = dma;
    this.bytesLen = bytes.length;
    let messages = 0;
    let executed = 0;
    const code = this.code;
    const jt = this.program.jumpTable;
    const pmaps: Pmap[] = [];
    const calls: number[] = []; // pairs: return pc, caller's base depth
    const loops: number[] = []; // pairs: elements left, next index
    let base = 0;
    let tid = 0;
    let tidStart = 0;
    let pc = 0;
    let expReg = 0;
    let start = 0;
    const result = (error: FastError | null): RunResult => ({
      messages,
      error,
      instructions: executed,
      fifo: { stalls: this.d.stats.stalls, highWater: this.d.stats.highWater, flushed: this.d.stats.flushed },
    });
    try {
      for (;;) {
        const x = code[pc]!;
        const ins = x.ins;
        executed++;
        start = this.d.position;
        switch (ins.op) {
          case 'next':
            if (this.d.atEnd) return result(null);
            if (options.reset === 'message') this.onResetPerMessage();
            this.zeroWidth = 0;
            base = 0;
            pmaps.length = calls.length = loops.length = 0;
            pc++;
            continue;
          case 'pmap':
            pmaps.push(this.pmap);
            this.pmap = this.readPmap();
            pc++;
            continue;
          case 'endpmap':
            this.checkUnusedBits(this.pmap);
            this.pmap = pmaps.pop() ?? NO_PMAP;
            pc++;
            continue;
          case 'tid':
            tidStart = start;
            tid = this.templateId(ins.slot ?? 0, start);
            pc++;
            continue;
          case 'msg':
          case 'dyn': {
            const entry = jt.get(tid);
            if (entry === undefined) throw new FastError('D9', `unknown template id ${tid}`, tidStart);
            if (ins.op === 'msg') this.dma.slot(FID.header, tid, 0);
            else if (ins.fid !== null) this.dma.slot(ins.fid, tid, 0);
            calls.push(pc + 1, base);
            if (ins.op === 'dyn') base += ins.depth ?? 0;
            else base = 0;
            pc = entry;
            continue;
          }
          case 'ret':
            base = calls.pop()!;
            pc = calls.pop()!;
            continue;
          case 'enter':
            this.enter(base + (ins.depth ?? 0), start);
            pc++;
            continue;
          case 'endref':
            this.dma.slot(FID.endNested, 0, 0);
            pc++;
            continue;
          case 'eom':
            this.dma.endMessage();
            messages++;
            options.onMessage?.();
            pc = ins.target!;
            continue;
          case 'group':
            if (ins.field?.optional && !this.bit()) {
              pc = ins.target!;
              continue;
            }
            this.enter(base + (ins.depth ?? 0), start);
            if (ins.fid !== null) this.dma.slot(ins.fid, 0, 0);
            pc++;
            continue;
          case 'seq': {
            const n = loops.length;
            const left = loops[n - 2]!;
            if (left === 0) {
              loops.length = n - 2;
              pc = ins.target!;
              continue;
            }
            const index = loops[n - 1]!;
            loops[n - 2] = left - 1;
            loops[n - 1] = index + 1;
            if (ins.fid !== null) this.dma.slot(ins.fid, index, 0);
            pc++;
            continue;
          }
          case 'jmp':
            pc = ins.target!;
            continue;
        }
        // A field instruction.
        const tag = x.tag!;
        const optional = ins.field?.optional ?? false;
        const v = this.scalar(tag, x.op!, x.type!, optional, ins, start);
        switch (x.type) {
          case 'len': {
            if (v === null) {
              pc = ins.target!;
              continue;
            }
            const n = Number(v as bigint);
            this.enter(base + (ins.depth ?? 0), start);
            if (!ins.zeroWidth) {
              const remaining = this.bytesLen - this.d.position;
              if (n > remaining) throw new FastError('D1', `sequence "${ins.field?.name}" claims ${n} elements, only ${remaining} bytes remain`, start);
            } else if ((this.zeroWidth += n) > MAX_ZERO_WIDTH_ELEMENTS) {
              throw new FastError('D1', `more than ${MAX_ZERO_WIDTH_ELEMENTS} zero-width sequence elements in one message (implementation limit)`, start);
            }
            if (ins.fid !== null) this.dma.slot(ins.fid, n >>> 0, 0);
            loops.push(n, 0);
            pc++;
            continue;
          }
          case 'exp': {
            if (v === null) {
              pc = ins.target!;
              continue;
            }
            const e = Number(v as bigint);
            if (e < -63 || e > 63) throw new FastError('R1', `decimal "${ins.field?.name}": exponent ${e} outside [-63, 63]`, start);
            expReg = e;
            pc++;
            continue;
          }
          case 'mant':
            if (ins.fid !== null) {
              this.dma.slot(ins.fid, expReg >>> 0, expReg < 0 ? 0xffffffff : 0);
              this.dma.slotBig(FID.continuation, v as bigint);
            }
            pc++;
            continue;
        }
        if (v !== null) this.write(x.type!, ins.fid, v, start);
        pc++;
      }
    } catch (e) {
      const err = e instanceof TruncatedInput ? new FastError('D1', e.message, e.offset) : e;
      if (!(err instanceof FastError)) throw err;
      const [lo, hi] = errorWord(err.code, err.offset);
      this.dma.slot(FID.error, lo, hi);
      this.dma.endMessage(true);
      options.onMessage?.();
      return result(err);
    } finally {
      this.pmap = NO_PMAP;
    }
  }

  /** Per-message reset (a hook so that a mutant can get it wrong). */
  protected onResetPerMessage(): void {
    this.dict.reset();
  }

  protected write(type: VType, fid: number | null, v: Value, start: number): void {
    switch (type) {
      case 'dec': {
        const d = v as Decimal;
        if (fid === null) return;
        this.dma.slot(fid, d.e >>> 0, d.e < 0 ? 0xffffffff : 0);
        this.dma.slotBig(FID.continuation, d.m);
        return;
      }
      case 'uni':
        try {
          utf8.decode(v as Uint8Array);
        } catch {
          throw new FastError('R2', 'unicode value is not valid UTF-8', start);
        }
        if (fid !== null) this.dma.bytes(fid, v as Uint8Array);
        return;
      case 'ascii':
      case 'bytes':
        if (fid !== null) this.dma.bytes(fid, v as Uint8Array);
        return;
      default:
        if (fid !== null) this.dma.slotBig(fid, v as bigint);
    }
  }

  protected enter(depth: number, start: number): void {
    if (depth > this.maxDepth) throw new FastError('D1', `nesting deeper than ${this.maxDepth} (implementation limit)`, start);
  }

  protected report(code: ReportableCode, offset: number, message: string): void {
    if (this.strict) throw new FastError(code, message, offset);
    const [lo, hi] = errorWord(code, offset);
    this.dma.slot(FID.report, lo, hi);
  }

  // ---- presence maps ---------------------------------------------------------------------

  protected readPmap(): Pmap {
    const f = this.d.next();
    if (f.length > 1 && f.chars[f.length - 1] === 0) this.report('R7', f.offset, `overlong presence map (${f.length} bytes, trailing byte empty)`);
    return { chars: f.chars, offset: f.offset, index: 0 };
  }

  protected bit(): boolean {
    const p = this.pmap;
    const i = p.index++;
    const byte = (i / 7) | 0;
    if (byte >= p.chars.length) return false;
    return (p.chars[byte]! & (0x40 >> i % 7)) !== 0;
  }

  protected checkUnusedBits(p: Pmap): void {
    for (let i = p.index; i < p.chars.length * 7; i++) {
      if ((p.chars[(i / 7) | 0]! & (0x40 >> i % 7)) !== 0) {
        this.report('R8', p.offset, `presence map has set bits beyond the ${p.index} its fields use`);
        return;
      }
    }
  }

  protected templateId(slot: number, start: number): number {
    if (this.bit()) {
      const v = this.unsigned(this.d.next());
      if (v > UINT32_MAX) throw new FastError('D2', `template id ${v} does not fit a uInt32`, start);
      this.dict.set(slot, 'u32', v);
      return Number(v);
    }
    const s = this.dict.state[slot]!;
    if (s < ASSIGNED) throw new FastError(s === UNDEF ? 'D5' : 'D6', 'template id not in the stream and no previous template id', start);
    return Number(this.dict.value[slot] as bigint);
  }

  // ---- integers from decompressed fields ---------------------------------------------------

  private unsigned(f: DecompressedField): bigint {
    if (f.length > 1 && f.chars[0] === 0) this.report('R6', f.offset, 'overlong unsigned integer');
    if (f.int >= 0n) return f.int;
    let i = 0;
    while (i < f.length - 1 && f.chars[i] === 0) i++;
    let v = 0n;
    for (; i < f.length; i++) v = (v << 7n) | BigInt(f.chars[i]!);
    return v;
  }

  private signed(f: DecompressedField): bigint {
    if (f.length >= 2) {
      const a = f.chars[0]!;
      const b = f.chars[1]!;
      if ((a === 0x00 && (b & 0x40) === 0) || (a === 0x7f && (b & 0x40) !== 0)) this.report('R6', f.offset, 'overlong signed integer');
    }
    const negative = (f.chars[0]! & 0x40) !== 0;
    if (f.int >= 0n) return negative ? f.int - (1n << BigInt(7 * f.length)) : f.int;
    const filler = negative ? 0x7f : 0x00;
    let i = 0;
    while (i < f.length - 1 && f.chars[i] === filler && ((f.chars[i + 1]! & 0x40) !== 0) === negative) i++;
    let v = negative ? -1n : 0n;
    for (; i < f.length; i++) v = (v << 7n) | BigInt(f.chars[i]!);
    return v;
  }

  private unsignedNullable(f: DecompressedField): bigint | null {
    const v = this.unsigned(f);
    return v === 0n ? null : v - 1n;
  }

  private signedNullable(f: DecompressedField): bigint | null {
    const v = this.signed(f);
    return v === 0n ? null : v > 0n ? v - 1n : v;
  }

  // ---- plain values (§10.6) -----------------------------------------------------------------

  private plain(tag: Tag, nullable: boolean): Value | null {
    const start = this.d.position;
    switch (tag) {
      case 'i32':
      case 'i64':
      case 'u32':
      case 'u64': {
        const f = this.d.next();
        const signed = tag === 'i32' || tag === 'i64';
        const v = signed ? (nullable ? this.signedNullable(f) : this.signed(f)) : nullable ? this.unsignedNullable(f) : this.unsigned(f);
        if (v === null) return null;
        // An integer in the stream outside its type is D2 (a delta / increment result: R4).
        if (!inRange(tag, v)) throw new FastError('D2', `${v} is out of range for ${TAG_NAME[tag]}`, start);
        return v;
      }
      case 'dec': {
        const fe = this.d.next();
        const e = nullable ? this.signedNullable(fe) : this.signed(fe);
        if (e === null) return null;
        if (e < -63n || e > 63n) throw new FastError('R1', `decimal exponent ${e} outside [-63, 63]`, start);
        const mStart = this.d.position;
        const m = this.signed(this.d.next());
        if (!inRange('i64', m)) throw new FastError('D2', `${m} is out of range for int64`, mStart);
        return { e: Number(e), m };
      }
      case 'ascii':
        return this.ascii(nullable);
      case 'uni':
      case 'bytes':
        return this.byteVector(nullable);
    }
  }

  /** §10.6.3 ascii, with the reference's preamble and R9 rules (see wire-reader.ts). */
  private ascii(nullable: boolean): Uint8Array | null {
    const f = this.d.next();
    const c = f.chars;
    const n = f.length;
    if (!nullable) return this.mandatoryAscii(f, 0);
    if (n === 1 && c[0] === 0) return null;
    if (!(c[0] === 0 && n > 1)) return c;
    if (c[1] !== 0) this.report('R9', f.offset, 'overlong ascii string');
    return this.mandatoryAscii(f, 1);
  }

  private mandatoryAscii(f: DecompressedField, s: number): Uint8Array {
    const c = f.chars;
    const n = f.length;
    if (n - s === 1 && c[s] === 0) return NO_BYTES;
    if (!(c[s] === 0 && n - s > 1)) return c.subarray(s);
    if (c[s + 1] !== 0) this.report('R9', f.offset + s, 'overlong ascii string');
    return c.subarray(s + 1);
  }

  private byteVector(nullable: boolean): Uint8Array | null {
    const start = this.d.position;
    const lf = this.d.next();
    let n: bigint;
    if (nullable) {
      const v = this.unsignedNullable(lf);
      if (v === null) return null;
      n = v;
    } else n = this.unsigned(lf);
    if (n > UINT32_MAX) throw new FastError('D2', `byte vector length ${n} does not fit a uInt32`, start);
    const remaining = this.bytesLen - this.d.position;
    if (n > BigInt(remaining)) throw new FastError('D1', `byte vector at byte ${start} claims ${n} bytes, only ${remaining} remain`, start);
    return this.d.raw(Number(n)).chars.slice();
  }

  // ---- operators (§6.3) ---------------------------------------------------------------------

  protected konst(k: number | undefined, tag: Tag): Value {
    const c = this.program.consts[k!] as Const;
    if (c.kind === 'int') return c.value;
    if (c.kind === 'dec') return { e: c.exponent, m: c.mantissa };
    void tag;
    return c.value;
  }

  protected checkType(slot: number, tag: Tag, start: number): void {
    const t = this.dict.tag[slot];
    if (t !== tag) throw new FastError('D4', `dictionary entry holds a ${TAG_NAME[t!]}, the field is ${TAG_NAME[tag]}`, start);
  }

  protected scalar(tag: Tag, op: FieldOp, type: VType, optional: boolean, ins: Instr, start: number): Value | null {
    switch (op) {
      case 'none':
        return this.plain(tag, optional);
      case 'const':
        if (optional && !this.bit()) return null;
        return this.konst(ins.k, tag);
      case 'default':
        if (this.bit()) return this.plain(tag, optional);
        if (ins.k !== undefined) return this.konst(ins.k, tag);
        if (optional) return null;
        throw new FastError('S5', 'mandatory default operator without an initial value', start);
      case 'copy':
      case 'incr':
        if (this.bit()) {
          const v = this.plain(tag, optional);
          if (v === null) this.dict.setEmpty(ins.slot!);
          else this.dict.set(ins.slot!, tag, v);
          return v;
        }
        return this.previous(tag, ins, optional, start, op === 'incr');
      case 'tail':
        if (this.bit()) return this.tail(tag, ins, optional, start);
        return this.previous(tag, ins, optional, start, false);
      case 'delta':
        void type;
        return this.delta(tag, ins, optional, start);
    }
  }

  private previous(tag: Tag, ins: Instr, optional: boolean, start: number, increment: boolean): Value | null {
    const slot = ins.slot!;
    const s = this.dict.state[slot]!;
    if (s >= ASSIGNED) {
      this.checkType(slot, tag, start);
      const prev = this.dict.value[slot] as Value;
      if (!increment) return prev;
      const next = incremented(tag, prev as bigint);
      this.dict.set(slot, tag, next);
      return next;
    }
    if (s === UNDEF) {
      if (ins.k !== undefined) {
        const v = this.konst(ins.k, tag);
        this.dict.set(slot, tag, v);
        return v;
      }
      if (optional) {
        this.dict.setEmpty(slot);
        return null;
      }
      throw new FastError('D5', `mandatory field "${ins.field?.name}" absent, no previous value and no initial value`, start);
    }
    if (optional) return null;
    throw new FastError('D6', `mandatory field "${ins.field?.name}" absent and its previous value is empty`, start);
  }

  private tail(tag: Tag, ins: Instr, optional: boolean, start: number): Value | null {
    const slot = ins.slot!;
    const t = this.plain(tag, optional) as Uint8Array | null;
    if (t === null) {
      this.dict.setEmpty(slot);
      return null;
    }
    let b: Uint8Array;
    const s = this.dict.state[slot]!;
    if (s >= ASSIGNED) {
      this.checkType(slot, tag, start);
      b = this.dict.value[slot] as Uint8Array;
    } else if (ins.k !== undefined) b = this.konst(ins.k, tag) as Uint8Array; // undefined or empty: the initial value (§6.3.8, as reference/fast)
    else b = NO_BYTES;
    const v = t.length >= b.length ? t.slice() : concat(b.subarray(0, b.length - t.length), t);
    this.dict.set(slot, tag, v);
    return v;
  }

  private deltaBase(tag: Tag, ins: Instr, start: number): Value {
    const slot = ins.slot!;
    const s = this.dict.state[slot]!;
    if (s >= ASSIGNED) {
      this.checkType(slot, tag, start);
      return this.dict.value[slot] as Value;
    }
    if (s === EMPTY) throw new FastError('D6', `delta base is empty ("${ins.field?.name}")`, start);
    if (ins.k !== undefined) return this.konst(ins.k, tag);
    return tag === 'dec' ? { e: 0, m: 0n } : tag === 'ascii' || tag === 'uni' || tag === 'bytes' ? NO_BYTES : 0n;
  }

  private delta(tag: Tag, ins: Instr, optional: boolean, start: number): Value | null {
    let v: Value;
    switch (tag) {
      case 'i32':
      case 'u32':
      case 'i64':
      case 'u64': {
        const f = this.d.next();
        const dv = optional ? this.signedNullable(f) : this.signed(f);
        if (dv === null) return null;
        const b = this.deltaBase(tag, ins, start) as bigint;
        v = b + dv;
        if (!inRange(tag, v)) throw new FastError('R4', `${v} is out of range for ${TAG_NAME[tag]}`, start);
        break;
      }
      case 'dec': {
        const fe = this.d.next();
        const de = optional ? this.signedNullable(fe) : this.signed(fe);
        if (de === null) return null;
        const dm = this.signed(this.d.next());
        const b = this.deltaBase(tag, ins, start) as Decimal;
        const e = BigInt(b.e) + de;
        if (e < -63n || e > 63n) throw new FastError('R1', `decimal delta gives exponent ${e} outside [-63, 63]`, start);
        const m = b.m + dm;
        if (!inRange('i64', m)) throw new FastError('R4', `${m} is out of range for int64`, start);
        v = { e: Number(e), m };
        break;
      }
      default: {
        const lenStart = this.d.position;
        const lf = this.d.next();
        const sub = optional ? this.signedNullable(lf) : this.signed(lf);
        if (sub === null) return null;
        if (sub < INT32_MIN || sub > INT32_MAX) throw new FastError('D7', `subtraction length ${sub} does not fit an int32`, lenStart);
        const part = tag === 'ascii' ? this.mandatoryAscii(this.d.next(), 0) : this.byteVector(false)!;
        const b = this.deltaBase(tag, ins, start) as Uint8Array;
        const front = sub < 0n;
        const remove = Number(front ? -sub - 1n : sub);
        if (remove > b.length) throw new FastError('D7', `subtraction length ${remove} exceeds the base length ${b.length}`, lenStart);
        v = front ? concat(part, b.subarray(remove)) : concat(b.subarray(0, b.length - remove), part);
        break;
      }
    }
    this.dict.set(ins.slot!, tag, v);
    return v;
  }
}
