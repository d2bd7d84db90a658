import { FastError } from '../fast/errors.ts';
import { TruncatedInput } from './decompressor.ts';
import { ASSIGNED, ASSIGNED_NUM, EMPTY, UNDEF, type Tag } from './dictionary-file.ts';
import type { DmaWriter } from './dma-ring.ts';
import { MicrocodeEngine, MAX_ZERO_WIDTH_ELEMENTS, type EngineOptions, type RunOptions, type RunResult } from './engine.ts';
import { errorWord } from './error-codes.ts';
import { FID, type Program } from './isa.ts';
import { DENSE_TIDS, EXACT, generateDispatcher, generateRoutine, INT32_MAX, INT32_MIN, MAX_EXACT, SAFE, STR_COPY, STR_DEFAULT, STR_NONE, STR_TAIL, UINT32_MAX } from './jit-codegen.ts';

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
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

const NO_BYTES = new Uint8Array(0);
/** ascStore's per-slot cache of recent values: entries, and the longest value kept. */
const ASC_CACHE_SIZE = 8;
const ASC_CACHE_MAX_LEN = 32;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The JIT has no FIFO: one shared (frozen) statistics object instead of one per run. */
const NO_FIFO = Object.freeze({ stalls: 0, highWater: 0, flushed: 0 });


type RoutineFn = (rt: JitEngine, base: number) => void;


export interface JitOptions extends EngineOptions {
  /** Routine form: structured where the jumps nest (the default, else the switch form), or
   * always the `switch (pc)` form (tests prove both equal to the interpreter). */
  readonly form?: 'structured' | 'switch';
  /** Rewrites each generated routine before it is compiled: only for mutants (a JIT with a
   * planted code-generation bug, adapters/mutants/fpga-jit-sign-dropped.ts). */
  readonly rewrite?: (source: string) => string;
  /** Source characters per generated function before a routine is cut into parts (tests). */
  readonly chunkChars?: number;
}

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

  /** The input's buffer as a DataView, and the input's offset in it (see readable()). */
  dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  bo = 0;
  private dvBuffer: ArrayBufferLike | undefined = undefined;
  private pad = new Uint8Array(64);
  /** Messages completed in the current run (kept by the generated message loop). */
  nmsg = 0;
  /** The generated message loop (jit-codegen.ts generateDispatcher). */
  private readonly loop: (rt: JitEngine, w: DmaWriter, perMessage: boolean, onMessage: (() => void) | undefined) => number;

  constructor(program: Program, options: JitOptions = {}) {
    super(program, options);
    this.loop = new Function('rt', 'W', 'perMessage', 'onMessage', generateDispatcher()) as JitEngine['loop'];
    for (const [tid, entry] of program.jumpTable) {
      let fn = this.fns[entry];
      if (fn === undefined) {
        const generated = generateRoutine(program, entry, options.form ?? 'structured', options.chunkChars);
        const src = options.rewrite ? options.rewrite(generated) : generated;
        this.sources.set(tid, src);
        fn = (new Function(src) as () => RoutineFn)();
        this.fns[entry] = fn;
      }
      this.fnByTid.set(tid, fn);
      if (tid < DENSE_TIDS) this.fnDense[tid] = fn;
    }
  }

  override run(bytes: Uint8Array, dma: DmaWriter, options: RunOptions): RunResult {
    bytes = this.readable(bytes);
    this.bytes = bytes;
    this.bytesLen = bytes.length;
    this.pos = 0;
    this.dma = dma;
    this.nmsg = 0;
    try {
      const messages = this.loop(this, dma, options.reset === 'message', options.onMessage);
      return { messages, error: null, instructions: 0, fifo: NO_FIFO };
    } catch (e) {
      const err = e instanceof TruncatedInput ? new FastError('D1', e.message, e.offset) : e;
      if (!(err instanceof FastError)) throw err;
      const [lo, hi] = errorWord(err.code, err.offset);
      dma.slot(FID.error, lo, hi);
      dma.endMessage(true);
      options.onMessage?.();
      return { messages: this.nmsg, error: err, instructions: 0, fifo: NO_FIFO };
    }
  }

  /**
   * The input as generated code reads it: four-byte loads (DataView `dv` at byte offset `bo`)
   * may run up to 3 bytes past the end (masked off), so the view must have that much buffer
   * after it — else it is copied into a padded scratch buffer.
   */
  private readable(bytes: Uint8Array): Uint8Array {
    let b = bytes;
    if (b.byteOffset + b.length + 4 > b.buffer.byteLength) {
      if (this.pad.length < b.length + 4) this.pad = new Uint8Array(Math.max(b.length + 4, 2 * this.pad.length));
      this.pad.set(b);
      b = this.pad.subarray(0, b.length);
    }
    if (this.dvBuffer !== b.buffer) {
      this.dvBuffer = b.buffer;
      this.dv = new DataView(b.buffer);
    }
    this.bo = b.byteOffset;
    return b;
  }

  /** The template id from the dictionary when its bit is clear and the slot holds no plain number. */
  prevTid(start: number): number {
    const s = this.dict.state[0]!;
    if (s < ASSIGNED) throw new FastError(s === UNDEF ? 'D5' : 'D6', 'template id not in the stream and no previous template id', start);
    return this.get(0) as number;
  }

  tidRange(v: number, start: number): never {
    throw new FastError('D2', `template id ${v} does not fit a uInt32`, start);
  }

  unknownTid(tid: number, start: number): FastError {
    return new FastError('D9', `unknown template id ${tid}`, start);
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
    this.unusedBits(this.pmOff, this.pmLen, this.pmIdx);
    const st = this.pmapStack;
    const t = (this.pmTop -= 3);
    this.pmOff = st[t]!;
    this.pmLen = st[t + 1]!;
    this.pmIdx = st[t + 2]!;
  }

  /** R8 for the map at bytes [off, off + len) of which `i` bits were used: a set bit at or after
   * the next one (the rest of its byte, then whole bytes). */
  unusedBits(off: number, len: number, i: number): void {
    const b = this.bytes;
    let byte = (i / 7) | 0;
    let unused = false;
    if (byte < len) {
      unused = (b[off + byte]! & (0x7f >> i % 7)) !== 0;
      while (!unused && ++byte < len) unused = (b[off + byte]! & 0x7f) !== 0;
    }
    if (unused) this.report('R8', off, `presence map has set bits beyond the ${i} its fields use`);
  }

  /** The next presence-map bit (generated code inlines the same test). */
  protected override bit(): boolean {
    const i = this.pmIdx++;
    const byte = (i / 7) | 0;
    if (byte >= this.pmLen) return false;
    return (this.bytes[this.pmOff + byte]! & (0x40 >> i % 7)) !== 0;
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

  /**
   * A plain uInt64 (no operator) straight into its slot, NULL writing nothing: the value in
   * (hi, lo) halves by number arithmetic (lo * 128 + 127 < 2^39 stays exact), no bigint. Equal
   * to U() / UN() then slotBig (jit.test.ts).
   */
  u64slot(fid: number, nullable: boolean): void {
    const b = this.bytes;
    const start = this.pos;
    const end = this.stopEnd(start, 'unsigned integer');
    this.pos = end;
    if (end - start > 1 && b[start] === 0) this.report('R6', start, 'overlong unsigned integer');
    let hi = 0;
    let lo = 0;
    for (let i = start; i < end; i++) {
      const t = lo * 128 + (b[i]! & 0x7f);
      const c = Math.floor(t / 0x1_0000_0000);
      lo = t - c * 0x1_0000_0000;
      // Past 2^33 the value is out of range whatever follows: keep hi bounded (and exact).
      hi = Math.min(hi * 128 + c, 2 ** 40);
    }
    if (nullable) {
      if (hi === 0 && lo === 0) return;
      if (lo === 0) {
        hi -= 1;
        lo = UINT32_MAX;
      } else lo -= 1;
    }
    if (hi > UINT32_MAX) {
      let v = 0n; // the value for the message only (an error path)
      for (let i = start; i < end; i++) v = (v << 7n) | BigInt(b[i]! & 0x7f);
      this.range('D2', nullable ? v - 1n : v, 'u64', start);
    }
    this.dma.slot(fid, lo, hi);
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
    this.seqOpen(fid, n, depth, zeroWidth, start);
    const l = this.loops;
    l[this.loopTop] = n;
    l[this.loopTop + 1] = 0;
    this.loopTop += 2;
  }

  /** A sequence's checks (depth, length against the bytes left or the zero-width budget) and its
   * length slot; the element counters are the caller's (structured routines keep them in locals). */
  seqOpen(fid: number, n: number, depth: number, zeroWidth: boolean, start: number): void {
    this.enter(depth, start);
    if (!zeroWidth) {
      const remaining = this.bytesLen - this.pos;
      if (n > remaining) throw new FastError('D1', `sequence claims ${n} elements, only ${remaining} bytes remain`, start);
    } else if ((this.zeroWidth += n) > MAX_ZERO_WIDTH_ELEMENTS) {
      throw new FastError('D1', `more than ${MAX_ZERO_WIDTH_ELEMENTS} zero-width sequence elements in one message (implementation limit)`, start);
    }
    if (fid !== 0) this.dma.slot(fid, n >>> 0, 0);
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
