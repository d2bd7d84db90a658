import { FastError } from '../fast/errors.ts';
import { TruncatedInput } from './decompressor.ts';
import { ASSIGNED, ASSIGNED_NUM, EMPTY, UNDEF, type Tag } from './dictionary-file.ts';
import type { DmaWriter } from './dma-ring.ts';
import { MicrocodeEngine, MAX_ZERO_WIDTH_ELEMENTS, type EngineOptions, type RunOptions, type RunResult } from './engine.ts';
import { errorWord } from './error-codes.ts';
import { FID, type Const, type Instr, type Program } from './isa.ts';

/**
 * The fast path: each template's routine translated into a specialised JavaScript function
 * (generated source, `new Function`) that reads the stream bytes directly — no decompressor,
 * no FIFO, no instruction dispatch — and writes the same records into the same ring as the
 * interpreter (proved by fpga.jit.equivalence, record for record).
 *
 * Integers: 32-bit fields (and exponents, lengths, template ids) are JS numbers — exact, since a
 * stop-bit value of 2^53 or more reads as ±Infinity and so fails every range check, as in the
 * reference; 64-bit fields (and mantissas) are numbers when |v| <= 2^53 and bigint beyond
 * (JitEngine.norm: one form per value; sums go through add64, exact on the edges). One-byte
 * integer fields, presence-map bits and the common copy / increment / delta cases are inlined
 * in the generated code; dictionary numbers live unboxed in a Float64Array by slot number.
 * Decimals with one operator keep (exponent, mantissa) in registers and in the slot unboxed;
 * strings and byte vectors use the JIT's own operator code (a copy per new value, which is the
 * value). No routine calls back into the interpreter.
 */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const SAFE = 2 ** 46;
const EXACT = 2 ** 53;
const MAX_EXACT = 1n << 53n;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

const NO_BYTES = new Uint8Array(0);
/** ascStore's per-slot cache of recent values: entries, and the longest value kept. */
const ASC_CACHE_SIZE = 8;
const ASC_CACHE_MAX_LEN = 32;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** String operator codes for JitEngine.str (generated calls pass them as literals). */
const STR_NONE = 0;
const STR_DEFAULT = 1;
const STR_COPY = 2;
const STR_TAIL = 3;
const STR_DELTA = 4;
const STR_OPS: Record<string, number> = { none: STR_NONE, default: STR_DEFAULT, copy: STR_COPY, tail: STR_TAIL, delta: STR_DELTA };

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The JIT has no FIFO: one shared (frozen) statistics object instead of one per run. */
const NO_FIFO = Object.freeze({ stalls: 0, highWater: 0, flushed: 0 });

/** Template ids below this are looked up in an array rather than a Map. */
const DENSE_TIDS = 1024;

type RoutineFn = (rt: JitEngine, base: number) => void;

const RANGE: Record<'i32' | 'u32' | 'i64' | 'u64', [string, string]> = {
  i32: [String(INT32_MIN), String(INT32_MAX)],
  u32: ['0', String(UINT32_MAX)],
  i64: [`${-(1n << 63n)}n`, `${(1n << 63n) - 1n}n`],
  u64: ['0n', `${(1n << 64n) - 1n}n`],
};

export class JitEngine extends MicrocodeEngine {
  /** Generated source per template id (for `fpga compile --jit` and inspection). */
  readonly sources = new Map<number, string>();
  private readonly fns: (RoutineFn | undefined)[] = [];
  private readonly fnByTid = new Map<number, RoutineFn>();
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  /** The current presence map as a range of the input: offset, length, next bit. */
  pmOff = 0;
  pmLen = 0;
  pmIdx = 0;
  /** Saved maps of enclosing segments, as (offset, length, index) triples. */
  private readonly pmapStack: number[] = [];
  /** Entries in use in pmapStack and loops (index stacks: no push / pop / length writes). */
  private pmTop = 0;
  private loopTop = 0;
  /** Routines by template id (dense ids), beside fnByTid for the rest. */
  private readonly fnDense: (RoutineFn | undefined)[] = [];
  /** The last ascii value read: input range [sa, sb), bit 7 to be cleared. */
  sa = 0;
  sb = 0;
  private readonly loops: number[] = [];
  expReg = 0;
  /** Recent ascii values per dictionary slot (ascStore), and the next cache entry to replace. */
  private readonly ascCache: Uint8Array[][] = [];
  private ascEvict = 0;
  /** The mantissa of the last decimal (with expReg): a number when |m| <= 2^53, else a bigint. */
  mReg: number | bigint = 0;

  constructor(program: Program, options: EngineOptions = {}) {
    super(program, options);
    for (const [tid, entry] of program.jumpTable) {
      let fn = this.fns[entry];
      if (fn === undefined) {
        const src = generateRoutine(program, entry);
        this.sources.set(tid, src);
        fn = new Function('rt', 'base', src) as RoutineFn;
        this.fns[entry] = fn;
      }
      this.fnByTid.set(tid, fn);
      if (tid < DENSE_TIDS) this.fnDense[tid] = fn;
    }
  }

  override run(bytes: Uint8Array, dma: DmaWriter, options: RunOptions): RunResult {
    this.bytes = bytes;
    this.bytesLen = bytes.length;
    this.pos = 0;
    this.dma = dma;
    let messages = 0;
    try {
      while (this.pos < bytes.length) {
        if (options.reset === 'message') this.onResetPerMessage();
        this.zeroWidth = 0;
        this.pmTop = this.loopTop = 0;
        this.pmOff = this.pmLen = this.pmIdx = 0;
        this.pushPmap();
        const start = this.pos;
        const tid = this.tid();
        const fn = this.routine(tid);
        if (fn === undefined) throw new FastError('D9', `unknown template id ${tid}`, start);
        dma.slot(FID.header, tid, 0);
        fn(this, 0);
        this.popPmap();
        dma.endMessage();
        messages++;
        if (options.onMessage !== undefined) options.onMessage();
      }
      return { messages, error: null, instructions: 0, fifo: NO_FIFO };
    } catch (e) {
      const err = e instanceof TruncatedInput ? new FastError('D1', e.message, e.offset) : e;
      if (!(err instanceof FastError)) throw err;
      const [lo, hi] = errorWord(err.code, err.offset);
      dma.slot(FID.error, lo, hi);
      dma.endMessage(true);
      options.onMessage?.();
      return { messages, error: err, instructions: 0, fifo: NO_FIFO };
    }
  }

  private routine(tid: number): RoutineFn | undefined {
    return tid < DENSE_TIDS ? this.fnDense[tid] : this.fnByTid.get(tid);
  }

  // ---- runtime called by generated code --------------------------------------------------

  eof(start: number, what: string): FastError {
    return new FastError('D1', `unexpected end of data in ${what} starting at byte ${start}`, start);
  }

  pushPmap(): void {
    const b = this.bytes;
    const start = this.pos;
    let i = start;
    while (i < b.length && (b[i]! & 0x80) === 0) i++;
    if (i >= b.length) throw this.eof(start, 'presence map');
    const n = i + 1 - start;
    this.pos = i + 1;
    if (n > 1 && (b[i]! & 0x7f) === 0) this.report('R7', start, `overlong presence map (${n} bytes, trailing byte empty)`);
    const st = this.pmapStack;
    const t = this.pmTop;
    st[t] = this.pmOff;
    st[t + 1] = this.pmLen;
    st[t + 2] = this.pmIdx;
    this.pmTop = t + 3;
    this.pmOff = start;
    this.pmLen = n;
    this.pmIdx = 0;
  }

  popPmap(): void {
    // R8: a set bit at or after the next one (the rest of its byte, then whole bytes).
    const b = this.bytes;
    const i = this.pmIdx;
    let byte = (i / 7) | 0;
    let unused = false;
    if (byte < this.pmLen) {
      unused = (b[this.pmOff + byte]! & (0x7f >> i % 7)) !== 0;
      while (!unused && ++byte < this.pmLen) unused = (b[this.pmOff + byte]! & 0x7f) !== 0;
    }
    if (unused) this.report('R8', this.pmOff, `presence map has set bits beyond the ${i} its fields use`);
    const st = this.pmapStack;
    const t = (this.pmTop -= 3);
    this.pmOff = st[t]!;
    this.pmLen = st[t + 1]!;
    this.pmIdx = st[t + 2]!;
  }

  /** The next presence-map bit (generated code inlines the same test). */
  protected override bit(): boolean {
    const i = this.pmIdx++;
    const byte = (i / 7) | 0;
    if (byte >= this.pmLen) return false;
    return (this.bytes[this.pmOff + byte]! & (0x40 >> i % 7)) !== 0;
  }

  b(): boolean {
    return this.bit();
  }

  tid(): number {
    const start = this.pos;
    if (this.bit()) {
      const v = this.u();
      if (v > UINT32_MAX) throw new FastError('D2', `template id ${v} does not fit a uInt32`, start);
      this.put(0, 'u32', v);
      return v;
    }
    const s = this.dict.state[0]!;
    if (s < ASSIGNED) throw new FastError(s === UNDEF ? 'D5' : 'D6', 'template id not in the stream and no previous template id', start);
    return this.get(0) as number;
  }

  /** Stores a value: exact numbers unboxed in `num` (ASSIGNED_NUM), anything else in `value`. */
  put(slot: number, tag: Tag, v: unknown): void {
    const d = this.dict;
    if (typeof v === 'number') {
      d.state[slot] = ASSIGNED_NUM;
      d.num[slot] = v;
    } else {
      d.state[slot] = ASSIGNED;
      d.value[slot] = v;
    }
    d.tag[slot] = tag;
  }

  get(slot: number): unknown {
    const d = this.dict;
    return d.state[slot] === ASSIGNED_NUM ? d.num[slot] : d.value[slot];
  }

  dyn(fid: number, depth: number): void {
    const start = this.pos;
    const tid = this.tid();
    const fn = this.routine(tid);
    if (fn === undefined) throw new FastError('D9', `unknown template id ${tid}`, start);
    this.dma.slot(fid, tid, 0);
    fn(this, depth);
  }

  deep(depth: number): void {
    this.enter(depth, this.pos);
  }

  w(): DmaWriter {
    return this.dma;
  }

  /** Unsigned integer as a number (±Infinity when >= 2^53; callers' range checks reject it). */
  u(): number {
    const b = this.bytes;
    const start = this.pos;
    let i = start;
    let v = 0;
    for (;;) {
      if (i >= b.length) throw this.eof(start, 'unsigned integer');
      const x = b[i++]!;
      v = v >= SAFE ? Infinity : v * 128 + (x & 0x7f);
      if (x & 0x80) break;
    }
    this.pos = i;
    if (i - start > 1 && b[start] === 0) this.report('R6', start, 'overlong unsigned integer');
    return v;
  }

  uN(): number | null {
    const v = this.u();
    return v === 0 ? null : v - 1;
  }

  s(): number {
    const b = this.bytes;
    const start = this.pos;
    if (start >= b.length) throw this.eof(start, 'signed integer');
    const first = b[start]!;
    let v = (first & 0x40) !== 0 ? (first & 0x7f) - 128 : first & 0x7f;
    let i = start + 1;
    if ((first & 0x80) === 0) {
      for (;;) {
        if (i >= b.length) throw this.eof(start, 'signed integer');
        const x = b[i++]!;
        if (v >= SAFE) v = Infinity;
        else if (v < -SAFE) v = -Infinity;
        else v = v * 128 + (x & 0x7f);
        if (x & 0x80) break;
      }
    }
    this.pos = i;
    this.overlongSigned(start, i);
    return v;
  }

  sN(): number | null {
    const v = this.s();
    return v === 0 ? null : v > 0 ? v - 1 : v;
  }

  private stopEnd(start: number, what: string): number {
    const b = this.bytes;
    let i = start;
    while (i < b.length) if ((b[i++]! & 0x80) !== 0) return i;
    throw this.eof(start, what);
  }

  private overlongSigned(start: number, end: number): void {
    if (end - start < 2) return;
    const a = this.bytes[start]!;
    const c = this.bytes[start + 1]!;
    if ((a === 0x00 && (c & 0x40) === 0) || (a === 0x7f && (c & 0x40) !== 0)) this.report('R6', start, 'overlong signed integer');
  }

  /** 64-bit values: a number when |v| <= 2^53 (exact), else a bigint — one form per value. */
  static norm(v: bigint): number | bigint {
    return v >= -MAX_EXACT && v <= MAX_EXACT ? Number(v) : v;
  }

  /** Exact sum of two 64-bit-range values in the normalised form. */
  add64(a: number | bigint, b: number | bigint): number | bigint {
    if (typeof a === 'number' && typeof b === 'number') {
      // Rounding is monotone: a rounded sum strictly inside ±2^53 means the exact sum is too.
      const r = a + b;
      if (r > -EXACT && r < EXACT) return r;
    }
    return JitEngine.norm(BigInt(a) + BigInt(b));
  }

  U(): number | bigint {
    const b = this.bytes;
    const start = this.pos;
    const end = this.stopEnd(start, 'unsigned integer');
    this.pos = end;
    let i = start;
    while (i < end - 1 && b[i] === 0) i++;
    if (i > start) this.report('R6', start, 'overlong unsigned integer');
    // Number accumulation while exact: n < 2^46 before a step keeps n * 128 + 127 < 2^53.
    let n = 0;
    let j = i;
    for (; j < end && n < SAFE; j++) n = n * 128 + (b[j]! & 0x7f);
    if (j === end) return n;
    let v = 0n;
    for (; i < end; i++) v = (v << 7n) | BigInt(b[i]! & 0x7f);
    return JitEngine.norm(v);
  }

  UN(): number | bigint | null {
    const v = this.U();
    if (typeof v === 'number') return v === 0 ? null : v - 1;
    return JitEngine.norm(v - 1n);
  }

  S(): number | bigint {
    const b = this.bytes;
    const start = this.pos;
    const end = this.stopEnd(start, 'signed integer');
    this.pos = end;
    this.overlongSigned(start, end);
    const negative = (b[start]! & 0x40) !== 0;
    let i = start;
    const filler = negative ? 0x7f : 0x00;
    while (i < end - 1 && b[i] === filler && ((b[i + 1]! & 0x40) !== 0) === negative) i++;
    {
      // Number accumulation while exact: |n| <= 2^46 before a step keeps the result within 2^53.
      const x = b[i]! & 0x7f;
      let n = negative ? x - 128 : x;
      let j = i + 1;
      for (; j < end && n < SAFE && n >= -SAFE; j++) n = n * 128 + (b[j]! & 0x7f);
      if (j === end) return n;
    }
    let v = negative ? -1n : 0n;
    for (; i < end; i++) v = (v << 7n) | BigInt(b[i]! & 0x7f);
    return JitEngine.norm(v);
  }

  SN(): number | bigint | null {
    const v = this.S();
    if (typeof v === 'number') return v === 0 ? null : v > 0 ? v - 1 : v;
    return v > 0n ? JitEngine.norm(v - 1n) : v;
  }

  /** An integer outside its type: D2 as sent in the stream, R4 as a delta result. */
  range(code: 'D2' | 'R4', v: number | bigint, type: string, start: number): never {
    throw new FastError(code, `${String(v)} is out of range for ${type}`, start);
  }

  /** Copy / increment / tail with the bit clear, for integers (values already in JIT form). */
  prev(slot: number, tag: Tag, k: unknown, optional: boolean, incr: boolean, start: number): unknown {
    const d = this.dict;
    const s = d.state[slot]!;
    if (s >= ASSIGNED) {
      this.checkType(slot, tag, start);
      const p = (s === ASSIGNED_NUM ? d.num[slot] : d.value[slot]) as number | bigint;
      if (!incr) return p;
      const n = this.inc(tag, p);
      this.put(slot, tag, n);
      return n;
    }
    if (s === UNDEF) {
      if (k !== undefined) {
        this.put(slot, tag, k);
        return k;
      }
      if (optional) {
        d.setEmpty(slot);
        return null;
      }
      throw new FastError('D5', 'mandatory field absent, no previous value and no initial value', start);
    }
    if (optional) return null;
    throw new FastError('D6', 'mandatory field absent and its previous value is empty', start);
  }

  dbase(slot: number, tag: Tag, k: number | bigint | undefined, zero: number | bigint, start: number): number | bigint {
    const d = this.dict;
    const s = d.state[slot]!;
    if (s >= ASSIGNED) {
      this.checkType(slot, tag, start);
      return (s === ASSIGNED_NUM ? d.num[slot] : d.value[slot]) as number | bigint;
    }
    if (s === EMPTY) throw new FastError('D6', 'delta base is empty', start);
    return k ?? zero;
  }

  seqStart(fid: number, n: number, depth: number, zeroWidth: boolean, start: number): void {
    this.enter(depth, start);
    if (!zeroWidth) {
      const remaining = this.bytesLen - this.pos;
      if (n > remaining) throw new FastError('D1', `sequence claims ${n} elements, only ${remaining} bytes remain`, start);
    } else if ((this.zeroWidth += n) > MAX_ZERO_WIDTH_ELEMENTS) {
      throw new FastError('D1', `more than ${MAX_ZERO_WIDTH_ELEMENTS} zero-width sequence elements in one message (implementation limit)`, start);
    }
    if (fid !== 0) this.dma.slot(fid, n >>> 0, 0);
    const l = this.loops;
    l[this.loopTop] = n;
    l[this.loopTop + 1] = 0;
    this.loopTop += 2;
  }

  /** Element head: true when the sequence is done. */
  seqNext(fid: number): boolean {
    const l = this.loops;
    const n = this.loopTop;
    const left = l[n - 2]!;
    if (left === 0) {
      this.loopTop = n - 2;
      return true;
    }
    const index = l[n - 1]!;
    l[n - 2] = left - 1;
    l[n - 1] = index + 1;
    if (fid !== 0) this.dma.slot(fid, index, 0);
    return false;
  }

  /** Writes a 64-bit slot from the normalised form. */
  big(fid: number, v: number | bigint): void {
    if (typeof v === 'number') this.dma.slot(fid, v >>> 0, Math.floor(v / 4294967296) >>> 0);
    else this.dma.slotBig(fid, v);
  }

  /** §6.3.6 increment with wrap, on the JIT's value forms. */
  private inc(tag: Tag, v: number | bigint): number | bigint {
    switch (tag) {
      case 'i32':
        return v === INT32_MAX ? INT32_MIN : (v as number) + 1;
      case 'u32':
        return v === UINT32_MAX ? 0 : (v as number) + 1;
      case 'i64':
        return v === INT64_MAX ? JitEngine.norm(-(1n << 63n)) : this.add64(v, 1);
      default:
        return v === UINT64_MAX ? 0 : this.add64(v, 1);
    }
  }

  /** Stores the last ascii value in a slot, reusing the stored bytes when they are the same. */
  ascStore(slot: number): void {
    const d = this.dict;
    const old = d.state[slot] === ASSIGNED && d.tag[slot] === 'ascii' ? (d.value[slot] as Uint8Array) : undefined;
    const n = this.sb - this.sa;
    if (old !== undefined && this.ascEquals(old)) return;
    // Values are immutable once stored, so a recent equal value is shared, not copied again:
    // low-cardinality fields (entry types, symbols) stop allocating after their first values.
    const cache = (this.ascCache[slot] ??= []);
    for (let c = 0; c < cache.length; c++) {
      const v = cache[c]!;
      if (v.length === n && this.ascEquals(v)) {
        d.set(slot, 'ascii', v);
        return;
      }
    }
    const v = this.ascCopy();
    if (n <= ASC_CACHE_MAX_LEN) {
      if (cache.length < ASC_CACHE_SIZE) cache.push(v);
      else cache[this.ascEvict++ % ASC_CACHE_SIZE] = v;
    }
    d.set(slot, 'ascii', v);
  }

  /** Whether `v` equals the last ascii value read (the input range with bit 7 cleared). */
  private ascEquals(v: Uint8Array): boolean {
    const n = this.sb - this.sa;
    if (v.length !== n) return false;
    const b = this.bytes;
    for (let k = 0; k < n; k++) if (v[k] !== (b[this.sa + k]! & 0x7f)) return false;
    return true;
  }

  /** The constant-pool value (initial values of strings and bytes). */
  kv(k: number): unknown {
    const c = this.program.consts[k]!;
    return c.kind === 'int' ? c.value : c.kind === 'dec' ? { e: c.exponent, m: c.mantissa } : c.value;
  }

  /** §10.6.3 ascii, as the interpreter reads it, leaving the value as an input range. */
  asc(nullable: boolean): boolean {
    const b = this.bytes;
    const start = this.pos;
    const end = this.stopEnd(start, 'ascii string');
    this.pos = end;
    let s = start;
    if (nullable) {
      if (end - start === 1 && b[start] === 0x80) return false;
      if (b[start] === 0x00) {
        if ((b[start + 1]! & 0x7f) !== 0) this.report('R9', start, 'overlong ascii string');
        s = start + 1;
      } else {
        this.sa = start;
        this.sb = end;
        return true;
      }
    }
    // Mandatory rules from s.
    if (end - s === 1 && (b[s]! & 0x7f) === 0) {
      this.sa = this.sb = s;
      return true;
    }
    if (b[s] === 0x00) {
      if ((b[s + 1]! & 0x7f) !== 0) this.report('R9', s, 'overlong ascii string');
      s++;
    }
    this.sa = s;
    this.sb = end;
    return true;
  }

  /** The last ascii value as dictionary bytes (a copy: the input does not outlive the call). */
  ascCopy(): Uint8Array {
    const n = this.sb - this.sa;
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k++) out[k] = this.bytes[this.sa + k]! & 0x7f;
    return out;
  }

  ascEmit(fid: number): void {
    this.dma.asciiRange(fid, this.bytes, this.sa, this.sb);
  }

  expCheck(e: number, start: number): void {
    if (e < -63 || e > 63) throw new FastError('R1', `decimal exponent ${e} outside [-63, 63]`, start);
    this.expReg = e;
  }

  // ---- strings and byte vectors with any operator (values are bytes: a copy per new value) ----

  /** §10.6.3 / §10.6.4: an ascii string or a length-prefixed byte vector from the stream. */
  strRead(tag: Tag, nullable: boolean): Uint8Array | null {
    if (tag === 'ascii') return this.asc(nullable) ? this.ascCopy() : null;
    const start = this.pos;
    const n = nullable ? this.uN() : this.u();
    if (n === null) return null;
    if (n > UINT32_MAX) throw new FastError('D2', `byte vector length ${n} does not fit a uInt32`, start);
    const remaining = this.bytesLen - this.pos;
    if (n > remaining) throw new FastError('D1', `byte vector at byte ${start} claims ${n} bytes, only ${remaining} remain`, start);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A string / byte-vector field: operator `op` (none, default, copy, tail, delta), as engine.scalar. */
  str(op: number, tag: Tag, slot: number, k: number, optional: boolean): Uint8Array | null {
    const start = this.pos;
    const kv = k >= 0 ? (this.kv(k) as Uint8Array) : undefined;
    switch (op) {
      case STR_NONE:
        return this.strRead(tag, optional);
      case STR_DEFAULT:
        if (this.bit()) return this.strRead(tag, optional);
        if (kv !== undefined) return kv;
        if (optional) return null;
        throw new FastError('S5', 'mandatory default operator without an initial value', start);
      case STR_COPY:
        if (this.bit()) {
          const v = this.strRead(tag, optional);
          if (v === null) this.dict.setEmpty(slot);
          else this.dict.set(slot, tag, v);
          return v;
        }
        return this.prev(slot, tag, kv, optional, false, start) as Uint8Array | null;
      case STR_TAIL: {
        if (!this.bit()) return this.prev(slot, tag, kv, optional, false, start) as Uint8Array | null;
        const t = this.strRead(tag, optional);
        if (t === null) {
          this.dict.setEmpty(slot);
          return null;
        }
        const s = this.dict.state[slot]!;
        let b: Uint8Array = NO_BYTES;
        if (s >= ASSIGNED) {
          this.checkType(slot, tag, start);
          b = this.dict.value[slot] as Uint8Array;
        } else if (kv !== undefined) b = kv; // undefined or empty: the initial value (as the engine)
        const v = t.length >= b.length ? t : join(b.subarray(0, b.length - t.length), t);
        this.dict.set(slot, tag, v);
        return v;
      }
      default: {
        const lenStart = this.pos;
        const sub = optional ? this.sN() : this.s();
        if (sub === null) return null;
        if (sub < INT32_MIN || sub > INT32_MAX) throw new FastError('D7', `subtraction length ${sub} does not fit an int32`, lenStart);
        const part = this.strRead(tag, false)!;
        const s = this.dict.state[slot]!;
        let b: Uint8Array;
        if (s >= ASSIGNED) {
          this.checkType(slot, tag, start);
          b = this.dict.value[slot] as Uint8Array;
        } else if (s === EMPTY) throw new FastError('D6', 'delta base is empty', start);
        else b = kv ?? NO_BYTES;
        const front = sub < 0;
        const remove = front ? -sub - 1 : sub;
        if (remove > b.length) throw new FastError('D7', `subtraction length ${remove} exceeds the base length ${b.length}`, lenStart);
        const v = front ? join(part, b.subarray(remove)) : join(b.subarray(0, b.length - remove), part);
        this.dict.set(slot, tag, v);
        return v;
      }
    }
  }

  /** Unicode values must be UTF-8 (R2), checked whether or not the field is written. */
  utf8(v: Uint8Array, start: number): void {
    try {
      UTF8.decode(v);
    } catch {
      throw new FastError('R2', 'unicode value is not valid UTF-8', start);
    }
  }

  // ---- decimals with one operator: the value lives in (expReg, mReg); a dictionary slot holds
  // it unboxed as state ASSIGNED_NUM, the exponent in `num` and the mantissa (number when
  // exact, else bigint) in `value` — no object per value.

  /** A decimal from the stream (§10.6.2) into the registers; false when NULL. */
  decRead(nullable: boolean): boolean {
    const start = this.pos;
    const e = nullable ? this.sN() : this.s();
    if (e === null) return false;
    this.expCheck(e, start);
    const ms = this.pos;
    const m = this.S();
    if (typeof m !== 'number' && (m < -INT64_MAX - 1n || m > INT64_MAX)) this.range('D2', m, 'i64', ms);
    this.mReg = m;
    return true;
  }

  decStore(slot: number): void {
    const d = this.dict;
    d.state[slot] = ASSIGNED_NUM;
    d.tag[slot] = 'dec';
    d.num[slot] = this.expReg;
    d.value[slot] = this.mReg;
  }

  /** Loads an assigned decimal slot (either form) into the registers. */
  private decLoad(slot: number): void {
    const d = this.dict;
    if (d.state[slot] === ASSIGNED_NUM) {
      this.expReg = d.num[slot]!;
      this.mReg = d.value[slot] as number | bigint;
    } else {
      const v = d.value[slot] as { e: number; m: bigint };
      this.expReg = v.e;
      this.mReg = JitEngine.norm(v.m);
    }
  }

  private decConst(k: number): void {
    const c = this.program.consts[k]!;
    if (c.kind !== 'dec') throw new Error('decimal constant expected');
    this.expReg = c.exponent;
    this.mReg = JitEngine.norm(c.mantissa);
  }

  /** Copy (bit clear): the previous value, the initial value, or absent; false when absent. */
  decPrev(slot: number, k: number, optional: boolean, start: number): boolean {
    const d = this.dict;
    const s = d.state[slot]!;
    if (s >= ASSIGNED) {
      this.checkType(slot, 'dec', start);
      this.decLoad(slot);
      return true;
    }
    if (s === UNDEF) {
      if (k >= 0) {
        this.decConst(k);
        this.decStore(slot);
        return true;
      }
      if (optional) {
        d.setEmpty(slot);
        return false;
      }
      throw new FastError('D5', 'mandatory field absent, no previous value and no initial value', start);
    }
    if (optional) return false;
    throw new FastError('D6', 'mandatory field absent and its previous value is empty', start);
  }

  /** Default (bit clear): the initial value, or absent; false when absent. */
  decDefault(k: number, optional: boolean, start: number): boolean {
    if (k >= 0) {
      this.decConst(k);
      return true;
    }
    if (optional) return false;
    throw new FastError('S5', 'mandatory default operator without an initial value', start);
  }

  /** §6.3.7 delta on a decimal: exponent and mantissa differences applied to the base. */
  decDelta(slot: number, k: number, optional: boolean, start: number): boolean {
    const de = optional ? this.sN() : this.s();
    if (de === null) return false;
    const dm = this.S();
    const d = this.dict;
    const s = d.state[slot]!;
    if (s >= ASSIGNED) {
      this.checkType(slot, 'dec', start);
      this.decLoad(slot);
    } else if (s === EMPTY) throw new FastError('D6', 'delta base is empty', start);
    else if (k >= 0) this.decConst(k);
    else {
      this.expReg = 0;
      this.mReg = 0;
    }
    const e = this.expReg + de;
    if (e < -63 || e > 63) throw new FastError('R1', `decimal delta gives exponent ${e} outside [-63, 63]`, start);
    const m = this.add64(this.mReg, dm);
    if (typeof m !== 'number' && (m < -INT64_MAX - 1n || m > INT64_MAX)) this.range('R4', m, 'i64', start);
    this.expReg = e;
    this.mReg = m;
    this.decStore(slot);
    return true;
  }
}

/** An integer constant in the JIT's value form (64-bit: a number when exact). */
function constLiteral(c: Const | undefined, big: boolean): string {
  if (c === undefined) return 'undefined';
  if (c.kind !== 'int') throw new Error('integer constant expected');
  return big ? (typeof JitEngine.norm(c.value) === 'number' ? String(c.value) : `${c.value}n`) : String(Number(c.value));
}

/** The source of one routine: a switch over instruction indices, falling through in order. */
export function generateRoutine(program: Program, entry: number): string {
  const out: string[] = [];
  const ins = program.instrs;
  // B: the input (the same array for the whole run); x, p, i, j, a: scratch for inlined reads.
  out.push('const W = rt.w(); const D = rt.dict; const st = D.state; const nv = D.num; const tg = D.tag; const B = rt.bytes;');
  // P: the input position, local; runtime calls that read or move it get it synced (sync()).
  out.push('let v, d, start, x, y, i, j, a, t; let P = rt.pos;');
  out.push(`let pc = ${entry};`);
  out.push('for (;;) switch (pc) {');
  for (let pc = entry; pc < ins.length; pc++) {
    const i = ins[pc]!;
    out.push(`case ${pc}: // ${i.op}${i.field ? ` ${JSON.stringify(i.field.name)}` : ''}`);
    out.push(...genInstr(program, i, pc));
    if (i.op === 'ret') break;
  }
  out.push('default: throw new Error("bad pc " + pc);');
  out.push('}');
  return out.join('\n');
}

/** A runtime call that reads or moves the input position, with the local `P` synced around it. */
function sync(call: string): string {
  return `(rt.pos = P, t = ${call}, P = rt.pos, t)`;
}

/** The next presence-map bit, inline (JitEngine.bit): a bit beyond the map reads as 0. */
const BIT = '(i = rt.pmIdx++, (j = (i / 7) | 0) < rt.pmLen && (B[rt.pmOff + j] & (64 >> i % 7)) !== 0)';

/**
 * Reads an integer into `v` (null when NULL): one- and two-byte fields inline (see below),
 * anything longer through the runtime,
 * followed by `check` (the range test). `P` is the field's start on entry.
 */
function readInt(signed: boolean, big: boolean, nullable: boolean, check: string): string[] {
  const fn = `rt.${big ? (signed ? 'S' : 'U') : signed ? 's' : 'u'}${nullable ? 'N' : ''}()`;
  const one = signed ? '(x & 64 ? x - 256 : x - 128)' : 'x - 128';
  const val = !nullable ? one : signed ? '(x === 128 ? null : x & 64 ? x - 256 : x - 129)' : '(x === 128 ? null : x - 129)';
  // Two bytes, not overlong (R6: a leading 0, or for signed a leading sign-only byte): |v| < 2^14,
  // never 0 (so never NULL), in range of every type.
  const two = signed ? '(x & 64 ? x - 128 : x) * 128 + y - 128' : 'x * 128 + y - 128';
  const notOverlong = signed ? '!(x === 0 && y < 192) && !(x === 127 && y >= 192)' : 'x !== 0';
  const val2 = !nullable ? two : signed ? `((v = ${two}) > 0 ? v - 1 : v)` : `${two} - 1`;
  return [
    `x = B[P];`,
    `if (x > 127) { P++; v = ${val}; }`,
    `else if ((y = B[P + 1]) > 127 && ${notOverlong}) { P += 2; v = ${val2}; }`,
    `else { v = ${sync(fn)}; ${check} }`,
  ];
}

function genInstr(program: Program, i: Instr, pc: number): string[] {
  const fid = i.fid ?? 0;
  const jump = (t: number | null): string => `{ pc = ${t}; continue; }`;
  const depth = `base + ${i.depth ?? 0}`;
  switch (i.op) {
    case 'ret':
      return ['rt.pos = P; return;'];
    case 'pmap':
      return [`${sync('rt.pushPmap()')};`];
    case 'endpmap':
      return ['rt.popPmap();'];
    case 'tid':
      return []; // folded into 'dyn'
    case 'dyn':
      return [`${sync(`rt.dyn(${fid}, ${depth})`)};`];
    case 'enter':
      return [`rt.pos = P; rt.deep(${depth});`];
    case 'endref':
      return [`W.slot(${FID.endNested}, 0, 0);`];
    case 'group':
      return [...(i.field?.optional ? [`if (!${BIT}) ${jump(i.target)}`] : []), `rt.pos = P; rt.deep(${depth});`, ...(i.fid !== null ? [`W.slot(${fid}, 0, 0);`] : [])];
    case 'seq':
      return [`if (rt.seqNext(${fid})) ${jump(i.target)}`];
    case 'jmp':
      return [jump(i.target)];
    case 'next':
    case 'msg':
    case 'eom':
      throw new Error(`${i.op} outside the dispatcher`);
  }
  const [op, type] = i.op.split('.') as [string, string];

  if (type === 'ascii' && (op === 'none' || op === 'copy')) return genAscii(i, op);
  if (type === 'dec' && op === 'none') return genDecimal(i);
  if (op === 'const' && (type === 'ascii' || type === 'uni' || type === 'bytes' || type === 'dec')) return genConst(program, i, type);
  if (type === 'dec') return genDecimalOp(i, op);
  if (type === 'ascii' || type === 'uni' || type === 'bytes') return genString(i, op, type);
  const tag: Tag = type === 'exp' ? 'i32' : type === 'mant' ? 'i64' : type === 'len' ? 'u32' : (type as Tag);
  const big = tag === 'i64' || tag === 'u64';
  const signed = tag === 'i32' || tag === 'i64';
  const optional = i.field?.optional ?? false;
  const [min, max] = RANGE[tag as 'i32'];
  // 64-bit values are numbers only when |v| <= 2^53: in range for int64, for uInt64 when >= 0.
  const test = !big ? `!(v >= ${min} && v <= ${max})` : tag === 'i64' ? `typeof v !== 'number' && (v < ${min} || v > ${max})` : `typeof v === 'number' ? v < 0 : v < 0n || v > ${max}`;
  const check = (code: 'D2' | 'R4'): string => `if (${test}) rt.range(${JSON.stringify(code)}, v, ${JSON.stringify(tag)}, start);`;
  const k = i.k === undefined ? 'undefined' : constLiteral(program.consts[i.k], big);
  const slot = i.slot ?? 0;
  const T = JSON.stringify(tag);
  const body: string[] = ['start = P;'];
  const plain = (nullable: boolean): string[] => readInt(signed, big, nullable, nullable ? `if (v !== null) { ${check('D2')} }` : check('D2'));
  // Stores v (not null): unboxed in `num` when a number (always, for 32-bit types).
  const store = big
    ? `if (typeof v === 'number') { st[${slot}] = ${ASSIGNED_NUM}; nv[${slot}] = v; tg[${slot}] = ${T}; } else rt.put(${slot}, ${T}, v);`
    : `st[${slot}] = ${ASSIGNED_NUM}; nv[${slot}] = v; tg[${slot}] = ${T};`;
  // The slot holds a number of this field's type: the common case of copy, increment and delta.
  const hit = `st[${slot}] === ${ASSIGNED_NUM} && tg[${slot}] === ${T}`;
  switch (op) {
    case 'none':
      body.push(...plain(optional));
      break;
    case 'const':
      body.push(optional ? `v = ${BIT} ? ${k} : null;` : `v = ${k};`);
      break;
    case 'default':
      body.push(`if (${BIT}) {`, ...plain(optional), `} else v = ${i.k === undefined ? 'null' : k};`);
      break;
    case 'copy':
      body.push(`if (${BIT}) {`, ...plain(optional), `if (v === null) D.setEmpty(${slot}); else { ${store} }`, `} else if (${hit}) v = nv[${slot}];`, `else v = rt.prev(${slot}, ${T}, ${k}, ${optional}, false, start);`);
      break;
    case 'incr': {
      // §6.3.6 with wrap-around; a 64-bit number below 2^53 - 1 increments exactly (as add64).
      const next = tag === 'i32' ? `a === ${INT32_MAX} ? ${INT32_MIN} : a + 1` : tag === 'u32' ? `a === ${UINT32_MAX} ? 0 : a + 1` : null;
      const fast = next !== null ? `if (${hit}) { a = nv[${slot}]; v = nv[${slot}] = ${next}; }` : `if (${hit} && (a = nv[${slot}]) < ${EXACT - 1}) { v = nv[${slot}] = a + 1; }`;
      body.push(`if (${BIT}) {`, ...plain(optional), `if (v === null) D.setEmpty(${slot}); else { ${store} }`, `} else ${fast}`, `else v = rt.prev(${slot}, ${T}, ${k}, ${optional}, true, start);`);
      break;
    }
    case 'delta':
      body.push(
        ...readInt(true, big, optional, ''),
        `if (v === null) v = null; else {`,
        `d = v; a = ${hit} ? nv[${slot}] : rt.dbase(${slot}, ${T}, ${k}, 0, start);`,
        big ? `if (!(typeof a === 'number' && typeof d === 'number' && (v = a + d) > ${-EXACT} && v < ${EXACT})) v = rt.add64(a, d);` : `v = a + d;`,
        check('R4'),
        `${store} }`,
      );
      break;
    default:
      throw new Error(`operator ${op} on ${type}`);
  }
  switch (type) {
    case 'len':
      body.push(`if (v === null) ${jump(i.target)}`, `rt.pos = P; rt.seqStart(${fid}, v, ${depth}, ${i.zeroWidth ?? false}, start);`);
      break;
    case 'exp':
      body.push(`if (v === null) ${jump(i.target)}`, `rt.expCheck(v, start);`);
      break;
    case 'mant':
      if (i.fid !== null) body.push(`W.slot(${fid}, rt.expReg >>> 0, rt.expReg < 0 ? 4294967295 : 0);`, bigSlot(String(FID.continuation)));
      break;
    default:
      if (i.fid === null) break;
      if (tag === 'u32') body.push(`if (v !== null) W.slot(${fid}, v, 0);`);
      else if (tag === 'i32') body.push(`if (v !== null) W.slot(${fid}, v >>> 0, v < 0 ? 4294967295 : 0);`);
      else body.push(`if (v !== null) { ${bigSlot(String(fid))} }`);
  }
  return body;
}

/** Writes a 64-bit slot from `v` in the normalised form (exact number, else bigint). */
function bigSlot(fid: string): string {
  return `if (typeof v === 'number') W.slot(${fid}, v >>> 0, Math.floor(v / 4294967296) >>> 0); else W.slotBig(${fid}, v);`;
}

/** Any other string or byte-vector field: the JIT runtime's operator code (never the interpreter's). */
function genString(i: Instr, op: string, type: string): string[] {
  const code = STR_OPS[op];
  if (code === undefined) throw new Error(`operator ${op} on ${type}`);
  const call = `rt.str(${code}, ${JSON.stringify(type)}, ${i.slot ?? 0}, ${i.k ?? -1}, ${i.field?.optional ?? false})`;
  const uni = type === 'uni' ? 'rt.utf8(v, start); ' : '';
  const write = i.fid === null ? '' : `W.bytes(${i.fid}, v);`;
  return ['start = P;', `v = ${sync(call)};`, ...(uni || write ? [`if (v !== null) { ${uni}${write} }`] : [])];
}

/** A decimal with one operator (copy, default, delta): the value in rt.expReg / rt.mReg. */
function genDecimalOp(i: Instr, op: string): string[] {
  const optional = i.field?.optional ?? false;
  const slot = i.slot ?? 0;
  const k = i.k ?? -1;
  const write = i.fid === null ? '' : `W.slot(${i.fid}, rt.expReg >>> 0, rt.expReg < 0 ? 4294967295 : 0); v = rt.mReg; ${bigSlot(String(FID.continuation))}`;
  switch (op) {
    case 'copy':
      return ['start = P;', `if (${BIT}) { if (${sync(`rt.decRead(${optional})`)}) { rt.decStore(${slot}); ${write} } else D.setEmpty(${slot}); }`, `else if (rt.decPrev(${slot}, ${k}, ${optional}, start)) { ${write} }`];
    case 'default':
      return ['start = P;', `if (${BIT} ? ${sync(`rt.decRead(${optional})`)} : rt.decDefault(${k}, ${optional}, start)) { ${write} }`];
    case 'delta':
      return ['start = P;', `if (${sync(`rt.decDelta(${slot}, ${k}, ${optional}, start)`)}) { ${write} }`];
    default:
      throw new Error(`operator ${op} on dec`);
  }
}

/** ascii without operator or with copy: read and emitted straight from the input. */
function genAscii(i: Instr, op: string): string[] {
  const optional = i.field?.optional ?? false;
  const emit = i.fid !== null;
  const fid = i.fid ?? 0;
  if (op === 'none') return ['start = P;', `if (${sync(`rt.asc(${optional})`)}) { ${emit ? `rt.ascEmit(${fid});` : ''} }`];
  const slot = i.slot ?? 0;
  const k = i.k === undefined ? 'undefined' : `rt.kv(${i.k})`;
  return [
    'start = P;',
    `if (${BIT}) {`,
    `if (${sync(`rt.asc(${optional})`)}) { ${emit ? `rt.ascEmit(${fid});` : ''} rt.ascStore(${slot}); } else D.setEmpty(${slot});`,
    `} else { v = rt.prev(${slot}, "ascii", ${k}, ${optional}, false, start); ${emit ? `if (v !== null) W.bytes(${fid}, v);` : ''} }`,
  ];
}

/** A decimal with no operator: exponent (nullable when optional), mantissa, written as two slots. */
function genDecimal(i: Instr): string[] {
  const optional = i.field?.optional ?? false;
  const fid = i.fid ?? 0;
  return [
    'start = P;',
    `v = ${sync(`rt.${optional ? 'sN' : 's'}()`)};`,
    'if (v !== null) {',
    'rt.expCheck(v, start);',
    `d = P; v = ${sync('rt.S()')};`,
    `if (typeof v !== 'number' && (v < ${RANGE.i64[0]} || v > ${RANGE.i64[1]})) rt.range("D2", v, "i64", d);`,
    ...(i.fid !== null ? [`W.slot(${fid}, rt.expReg >>> 0, rt.expReg < 0 ? 4294967295 : 0);`, bigSlot(String(FID.continuation))] : []),
    '}',
  ];
}

/** A constant of a string, byte vector or decimal field: no stream data, the value from the pool. */
function genConst(program: Program, i: Instr, type: string): string[] {
  const optional = i.field?.optional ?? false;
  const c = program.consts[i.k ?? -1];
  // Unicode constants are UTF-8-checked when written, as the interpreter does (R2).
  let valid = true;
  if (type === 'uni' && c !== undefined && c.kind === 'uni') {
    try {
      UTF8.decode(c.value);
    } catch {
      valid = false;
    }
  }
  const check = valid ? '' : `rt.utf8(rt.kv(${i.k}), P); `;
  if (i.fid === null) return optional ? [`if (${BIT}) { ${check}}`] : check ? [check] : [];
  const write = check + (c === undefined ? `W.bytes(${i.fid}, rt.kv(${i.k}));` : constSlots(i.fid, c));
  return [optional ? `if (${BIT}) { ${write} }` : write];
}

/** The ring slots of a constant, as literals (DmaWriter.bytes / slotBig packing, computed once). */
function constSlots(fid: number, c: Const): string {
  const out: string[] = [];
  const slot = (id: number, lo: number, hi: number) => out.push(`W.slot(${id}, ${lo >>> 0}, ${hi >>> 0});`);
  if (c.kind === 'int') throw new Error('string, byte vector or decimal constant expected');
  if (c.kind === 'dec') {
    slot(fid, c.exponent >>> 0, c.exponent < 0 ? 0xffffffff : 0);
    slot(FID.continuation, Number(BigInt.asUintN(32, c.mantissa)), Number(BigInt.asUintN(32, c.mantissa >> 32n)));
    return out.join(' ');
  }
  const d = c.value;
  slot(fid, d.length, 0);
  for (let i = 0; i < d.length; i += 8) {
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < 4 && i + k < d.length; k++) lo |= d[i + k]! << (8 * k);
    for (let k = 4; k < 8 && i + k < d.length; k++) hi |= d[i + k]! << (8 * (k - 4));
    slot(FID.continuation, lo, hi);
  }
  return out.join(' ');
}
