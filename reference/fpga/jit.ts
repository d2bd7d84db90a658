import { FastError } from '../fast/errors.ts';
import { Decompressor, TruncatedInput } from './decompressor.ts';
import { ASSIGNED, EMPTY, UNDEF, type Tag } from './dictionary-file.ts';
import type { DmaWriter } from './dma-ring.ts';
import { MicrocodeEngine, MAX_ZERO_WIDTH_ELEMENTS, NO_PMAP, type EngineOptions, type Pmap, type RunOptions, type RunResult } from './engine.ts';
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
 * reference; 64-bit fields are bigint. Decimals, strings and byte vectors take the
 * interpreter's operator code (the "slow path"), handed the byte offset.
 */
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const SAFE = 2 ** 46;

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
  private readonly pmapStack: Pmap[] = [];
  private readonly loops: number[] = [];
  expReg = 0;

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
    }
  }

  override run(bytes: Uint8Array, dma: DmaWriter, options: RunOptions): RunResult {
    this.bytes = bytes;
    this.bytesLen = bytes.length;
    this.pos = 0;
    this.dma = dma;
    this.d = new Decompressor(bytes, 1);
    let messages = 0;
    try {
      while (this.pos < bytes.length) {
        if (options.reset === 'message') this.onResetPerMessage();
        this.zeroWidth = 0;
        this.pmapStack.length = this.loops.length = 0;
        this.pushPmap();
        const start = this.pos;
        const tid = this.tid();
        const fn = this.fnByTid.get(tid);
        if (fn === undefined) throw new FastError('D9', `unknown template id ${tid}`, start);
        dma.slot(FID.header, tid, 0);
        fn(this, 0);
        this.popPmap();
        dma.endMessage();
        messages++;
        options.onMessage?.();
      }
      return { messages, error: null, instructions: 0, fifo: { stalls: 0, highWater: 0, flushed: 0 } };
    } catch (e) {
      const err = e instanceof TruncatedInput ? new FastError('D1', e.message, e.offset) : e;
      if (!(err instanceof FastError)) throw err;
      const [lo, hi] = errorWord(err.code, err.offset);
      dma.slot(FID.error, lo, hi);
      dma.endMessage(true);
      options.onMessage?.();
      return { messages, error: err, instructions: 0, fifo: { stalls: 0, highWater: 0, flushed: 0 } };
    } finally {
      this.pmap = NO_PMAP;
    }
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
    const chars = new Uint8Array(n);
    for (let k = 0; k < n; k++) chars[k] = b[start + k]! & 0x7f;
    this.pos = i + 1;
    if (n > 1 && chars[n - 1] === 0) this.report('R7', start, `overlong presence map (${n} bytes, trailing byte empty)`);
    this.pmapStack.push(this.pmap);
    this.pmap = { chars, offset: start, index: 0 };
  }

  popPmap(): void {
    this.checkUnusedBits(this.pmap);
    this.pmap = this.pmapStack.pop() ?? NO_PMAP;
  }

  b(): boolean {
    return this.bit();
  }

  tid(): number {
    const start = this.pos;
    if (this.bit()) {
      const v = this.u();
      if (v > UINT32_MAX) throw new FastError('R4', `template id ${v} does not fit a uInt32`, start);
      this.dict.set(0, 'u32', v);
      return v;
    }
    const s = this.dict.state[0];
    if (s !== ASSIGNED) throw new FastError(s === UNDEF ? 'D5' : 'D6', 'template id not in the stream and no previous template id', start);
    return this.dict.value[0] as number;
  }

  dyn(fid: number, depth: number): void {
    const start = this.pos;
    const tid = this.tid();
    const fn = this.fnByTid.get(tid);
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

  U(): bigint {
    const b = this.bytes;
    const start = this.pos;
    const end = this.stopEnd(start, 'unsigned integer');
    this.pos = end;
    let i = start;
    while (i < end - 1 && b[i] === 0) i++;
    if (i > start) this.report('R6', start, 'overlong unsigned integer');
    if (end - i <= 7) {
      let n = 0;
      for (; i < end; i++) n = n * 128 + (b[i]! & 0x7f);
      return BigInt(n);
    }
    let v = 0n;
    for (; i < end; i++) v = (v << 7n) | BigInt(b[i]! & 0x7f);
    return v;
  }

  UN(): bigint | null {
    const v = this.U();
    return v === 0n ? null : v - 1n;
  }

  S(): bigint {
    const b = this.bytes;
    const start = this.pos;
    const end = this.stopEnd(start, 'signed integer');
    this.pos = end;
    this.overlongSigned(start, end);
    const negative = (b[start]! & 0x40) !== 0;
    let i = start;
    const filler = negative ? 0x7f : 0x00;
    while (i < end - 1 && b[i] === filler && ((b[i + 1]! & 0x40) !== 0) === negative) i++;
    if (end - i <= 7) {
      // Exact in a double: at most 49 bits.
      const x = b[i]! & 0x7f;
      let n = negative ? x - 128 : x;
      for (i++; i < end; i++) n = n * 128 + (b[i]! & 0x7f);
      return BigInt(n);
    }
    let v = negative ? -1n : 0n;
    for (; i < end; i++) v = (v << 7n) | BigInt(b[i]! & 0x7f);
    return v;
  }

  SN(): bigint | null {
    const v = this.S();
    return v === 0n ? null : v > 0n ? v - 1n : v;
  }

  r4(v: number | bigint, type: string, start: number): never {
    throw new FastError('R4', `${String(v)} is out of range for ${type}`, start);
  }

  /** Copy / increment / tail with the bit clear, for integers (values already in JIT form). */
  prev(slot: number, tag: Tag, k: number | bigint | undefined, optional: boolean, incr: boolean, start: number): number | bigint | null {
    const d = this.dict;
    const s = d.state[slot];
    if (s === ASSIGNED) {
      this.checkType(slot, tag, start);
      const p = d.value[slot] as number | bigint;
      if (!incr) return p;
      const n = wrapInc(tag, p);
      d.value[slot] = n;
      return n;
    }
    if (s === UNDEF) {
      if (k !== undefined) {
        d.set(slot, tag, k);
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
    const s = d.state[slot];
    if (s === ASSIGNED) {
      this.checkType(slot, tag, start);
      return d.value[slot] as number | bigint;
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
    this.loops.push(n, 0);
  }

  /** Element head: true when the sequence is done. */
  seqNext(fid: number): boolean {
    const l = this.loops;
    const n = l.length;
    const left = l[n - 2]!;
    if (left === 0) {
      l.length = n - 2;
      return true;
    }
    const index = l[n - 1]!;
    l[n - 2] = left - 1;
    l[n - 1] = index + 1;
    if (fid !== 0) this.dma.slot(fid, index, 0);
    return false;
  }

  /** Slow path: the interpreter's operator code for instruction `pc`, positioned at `pos`. */
  slow(pc: number): void {
    const x = this.code[pc]!;
    const ins = x.ins;
    const start = this.pos;
    this.d.seek(start);
    const v = this.scalar(x.tag!, x.op!, x.type!, ins.field?.optional ?? false, ins, start);
    this.pos = this.d.position;
    if (v !== null) this.write(x.type!, ins.fid, v, start);
  }

  /** Writes a 64-bit bigint slot. */
  big(fid: number, v: bigint): void {
    this.dma.slotBig(fid, v);
  }

  expCheck(e: number, start: number): void {
    if (e < -63 || e > 63) throw new FastError('R1', `decimal exponent ${e} outside [-63, 63]`, start);
    this.expReg = e;
  }
}

function wrapInc(tag: Tag, v: number | bigint): number | bigint {
  switch (tag) {
    case 'i32':
      return v === INT32_MAX ? INT32_MIN : (v as number) + 1;
    case 'u32':
      return v === UINT32_MAX ? 0 : (v as number) + 1;
    case 'i64':
      return v === (1n << 63n) - 1n ? -(1n << 63n) : (v as bigint) + 1n;
    default:
      return v === (1n << 64n) - 1n ? 0n : (v as bigint) + 1n;
  }
}

function constLiteral(c: Const | undefined, big: boolean): string {
  if (c === undefined) return 'undefined';
  if (c.kind !== 'int') throw new Error('integer constant expected');
  return big ? `${c.value}n` : String(Number(c.value));
}

/** Writes a number slot: two's complement halves of an exact integer in the int64 range. */
function numSlot(fid: string, v: string): string {
  return `W.slot(${fid}, ${v} >>> 0, Math.floor(${v} / 4294967296) >>> 0);`;
}

/** The source of one routine: a switch over instruction indices, falling through in order. */
export function generateRoutine(program: Program, entry: number): string {
  const out: string[] = [];
  const ins = program.instrs;
  out.push('const W = rt.w(); const D = rt.dict; const st = D.state; const vl = D.value;');
  out.push('let v, d, start;');
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

function genInstr(program: Program, i: Instr, pc: number): string[] {
  const fid = i.fid ?? 0;
  const jump = (t: number | null): string => `{ pc = ${t}; continue; }`;
  const depth = `base + ${i.depth ?? 0}`;
  switch (i.op) {
    case 'ret':
      return ['return;'];
    case 'pmap':
      return ['rt.pushPmap();'];
    case 'endpmap':
      return ['rt.popPmap();'];
    case 'tid':
      return []; // folded into 'dyn'
    case 'dyn':
      return [`rt.dyn(${fid}, ${depth});`];
    case 'enter':
      return [`rt.deep(${depth});`];
    case 'endref':
      return [`W.slot(${FID.endNested}, 0, 0);`];
    case 'group':
      return [...(i.field?.optional ? [`if (!rt.b()) ${jump(i.target)}`] : []), `rt.deep(${depth});`, ...(i.fid !== null ? [`W.slot(${fid}, 0, 0);`] : [])];
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
  if (type === 'dec' || type === 'ascii' || type === 'uni' || type === 'bytes') return [`rt.slow(${pc});`];
  const tag: Tag = type === 'exp' ? 'i32' : type === 'mant' ? 'i64' : type === 'len' ? 'u32' : (type as Tag);
  const big = tag === 'i64' || tag === 'u64';
  const signed = tag === 'i32' || tag === 'i64';
  const optional = i.field?.optional ?? false;
  const read = (nullable: boolean): string => `rt.${big ? (signed ? 'S' : 'U') : signed ? 's' : 'u'}${nullable ? 'N' : ''}()`;
  const [min, max] = RANGE[tag as 'i32'];
  const check = `if (!(v >= ${min} && v <= ${max})) rt.r4(v, ${JSON.stringify(tag)}, start);`;
  const k = i.k === undefined ? 'undefined' : constLiteral(program.consts[i.k], big);
  const slot = i.slot ?? 0;
  const T = JSON.stringify(tag);
  const body: string[] = ['start = rt.pos;'];
  const plain = (nullable: boolean): string[] => [`v = ${read(nullable)};`, ...(nullable ? [`if (v !== null) { ${check} }`] : [check])];
  switch (op) {
    case 'none':
      body.push(...plain(optional));
      break;
    case 'const':
      body.push(optional ? `v = rt.b() ? ${k} : null;` : `v = ${k};`);
      break;
    case 'default':
      body.push(`if (rt.b()) {`, ...plain(optional), `} else v = ${i.k === undefined ? (optional ? 'null' : 'rt.r4(0, "S5", start)') : k};`);
      break;
    case 'copy':
    case 'incr':
      body.push(
        `if (rt.b()) {`,
        ...plain(optional),
        `if (v === null) D.setEmpty(${slot}); else D.set(${slot}, ${T}, v);`,
        `} else v = rt.prev(${slot}, ${T}, ${k}, ${optional}, ${op === 'incr'}, start);`,
      );
      break;
    case 'delta':
      body.push(
        `d = ${read(optional).replace(/rt\.[us]/i, (m) => (big ? 'rt.S' : 'rt.s'))};`,
        `if (d === null) v = null; else {`,
        `v = rt.dbase(${slot}, ${T}, ${k}, ${big ? '0n' : '0'}, start) + d;`,
        check,
        `D.set(${slot}, ${T}, v); }`,
      );
      break;
    default:
      throw new Error(`operator ${op} on ${type}`);
  }
  switch (type) {
    case 'len':
      body.push(`if (v === null) ${jump(i.target)}`, `rt.seqStart(${fid}, v, ${depth}, ${i.zeroWidth ?? false}, start);`);
      break;
    case 'exp':
      body.push(`if (v === null) ${jump(i.target)}`, `rt.expCheck(v, start);`);
      break;
    case 'mant':
      if (i.fid !== null) body.push(`W.slot(${fid}, rt.expReg >>> 0, rt.expReg < 0 ? 4294967295 : 0);`, `rt.big(${FID.continuation}, v);`);
      break;
    default:
      if (i.fid !== null) body.push(`if (v !== null) ${big ? `rt.big(${fid}, v);` : numSlot(String(fid), 'v')}`);
  }
  return body;
}
