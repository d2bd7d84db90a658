import { Code, I32, I64, op, type WasmFunction } from '../../wasm/wasm-asm.ts';

/**
 * The fixed part of every FPGA wasm module: the helper functions the compiled program calls
 * (stop-bit readers, presence maps, dictionary operators, the DMA record writer) and the globals
 * they share. Only a few constants (ring and stack addresses, strictness, dictionary size) differ
 * per program, so the helpers are generated from a `RuntimeLayout`.
 *
 * Integers are read exactly into a 128-bit two's complement pair: `lo` (i64, returned) and the
 * high part in global HI, saturated at ±2^40 — a value that large is outside every FAST type,
 * and stays outside after a nullable decrement or a delta against any 64-bit base, so every
 * range check (D2, R4, R1, D7) sees what the interpreter's bigints see.
 *
 * Errors: `fail` stores the code and offset in globals and traps (`unreachable`); the host
 * catches the trap, writes the ERR record and ends the run, as the interpreter's catch does.
 */

/** Error code numbers as written in DMA slots (reference/fpga/error-codes.ts). */
export const CODE = { S5: 5, D1: 17, D2: 18, D4: 20, D5: 21, D6: 22, D7: 23, D9: 25, R1: 33, R2: 34, R4: 36, R6: 38, R7: 39, R8: 40, R9: 41 } as const;

/** Dictionary type tags as numbers (0 = none). */
export const TAG = { i32: 1, u32: 2, i64: 3, u64: 4, dec: 5, ascii: 6, uni: 7, bytes: 8 } as const;
export type TagName = keyof typeof TAG;

/** One dictionary entry: value i64 at +0 (strings: ptr at +0, length at +4), exponent i32 at +8, state at +12, tag at +13. */
export const ENTRY_BYTES = 16;
export const SLOTS_PER_RECORD = 7;

export const G = {
  POS: 0,
  END: 1,
  INBASE: 2,
  PMOFF: 3,
  PMLEN: 4,
  PMIDX: 5,
  PMTOP: 6,
  HI: 7,
  NULL: 8,
  ERR: 9,
  ERROFF: 10,
  ZW: 11,
  MSGS: 12,
  RB: 13,
  SN: 14,
  LINE: 15,
  LAP: 16,
  CONT: 17,
  SEQ: 18,
  FLUSHED: 19,
  ATOP: 20,
  AEND: 21,
  SA: 22,
  SL: 23,
  E: 24,
  ABASE: 25,
  /** A presence map of at most 9 bytes (63 bits) as a word: the next bit is bit 63 (PMSHORT = 1). */
  PMW: 26,
  PMSHORT: 27,
} as const;

export const GLOBAL_TYPES: number[] = Object.keys(G).map((k) => (k === 'HI' || k === 'ZW' || k === 'PMW' ? I64 : I32));

/** Bytes of one saved presence map: offset, length, next bit, short flag, word. */
export const PMAP_ENTRY = 24;

/** Imported host functions (function indices 0..2). */
export const IMPORT = { flush: 0, arena: 1, utf8: 2 } as const;

export interface RuntimeLayout {
  readonly dict: number;
  readonly slots: number;
  readonly pmStack: number;
  readonly pmEnd: number;
  readonly ring: number;
  /** Records in the module's own ring (the host drains it through `flush`). */
  readonly ringCapacity: number;
  /** One byte per ring line: slots used in that record. */
  readonly counts: number;
  readonly strict: boolean;
}

/** Saturation bound of the high part: far outside every 64-bit type, far from i64 overflow. */
const HI_LIMIT = 2 ** 40;

/** Builder shorthand over a Code. */
export class Fn {
  readonly c = new Code();
  constructor(
    readonly name: string,
    readonly params: number[],
    readonly results: number[],
    readonly locals: number[] = [],
    readonly exported = false,
  ) {}
  e(...parts: number[][]): this {
    this.c.emit(...parts);
    return this;
  }
  done(): WasmFunction & { exported: boolean } {
    return { name: this.name, params: this.params, results: this.results, locals: this.locals, body: this.c.bytes, exported: this.exported };
  }
}

/** The helper functions, by name, in module order (indices from `firstIndex`). */
export function runtimeFunctions(L: RuntimeLayout, firstIndex: number): { fns: (WasmFunction & { exported: boolean })[]; index: Record<string, number> } {
  const names = [
    'fail', 'report', 'open', 'close', 'spill', 'slot', 'endMsg', 'errRec', 'rdU', 'rdS', 'rdUN', 'rdSN', 'inr', 'bit', 'pushPmap', 'popPmap',
    'resetDict', 'alloc', 'pasc', 'pbytes', 'setStr', 'writeStr', 'prevInt', 'deltaInt', 'pdec', 'prevDec', 'deltaDec', 'prevStr', 'tailStr', 'deltaStr', 'tidRead',
  ];
  const index: Record<string, number> = {};
  names.forEach((n, i) => (index[n] = firstIndex + i));
  const call = (n: string) => op.call(index[n]!);
  const g = (k: keyof typeof G) => op.gget(G[k]);
  const gs = (k: keyof typeof G) => op.gset(G[k]);
  const { get, set, tee, i32, i64 } = op;
  const fns: Fn[] = [];

  // fail(code, abs): the error and its byte offset (relative to the input), then trap.
  {
    const f = new Fn('fail', [I32, I32], []);
    f.e(get(0), gs('ERR'), get(1), g('INBASE'), op.i32sub, gs('ERROFF'), op.unreachable);
    fns.push(f);
  }
  // report(code, abs): a report slot (R6..R9), or the error in strict mode.
  {
    const f = new Fn('report', [I32, I32], []);
    if (L.strict) f.e(get(0), get(1), call('fail'));
    else f.e(i32(0xfb), get(0), op.i64extendU, get(1), g('INBASE'), op.i32sub, op.i64extendU, i64(8), op.i64shl, op.i64or, call('slot'));
    fns.push(f);
  }
  // open(): a record at the next line (the host drains the ring first when it is full).
  {
    const f = new Fn('open', [], [], [I32]);
    f.e(g('SEQ'), g('FLUSHED'), op.i32sub, i32(L.ringCapacity), op.i32geU);
    f.c.if();
    f.e(op.call(IMPORT.flush), g('SEQ'), gs('FLUSHED'));
    f.c.end();
    f.e(g('LINE'), i32(6), op.i32shl, i32(L.ring), op.i32add, tee(0));
    f.e(i32(0x10), g('LAP'), op.i32or, i32(24), op.i32shl, op.store32(60));
    f.e(get(0), i32(0), op.store32(56), get(0), gs('RB'), i32(0), gs('SN'));
    fns.push(f);
  }
  // close(flags): zero the unused words, status byte, slot count; next line (toggle flips on wrap).
  {
    const f = new Fn('close', [I32], [], [I32, I32]);
    f.e(g('RB'), set(1), g('SN'), set(2));
    f.c.block('done').loop('zero');
    f.e(get(2), i32(SLOTS_PER_RECORD), op.i32geU);
    f.c.brIf('done');
    f.e(get(1), get(2), i32(3), op.i32shl, op.i32add, i64(0), op.store64(0), get(2), i32(1), op.i32add, set(2));
    f.c.br('zero').end().end();
    f.e(get(1), g('LAP'), get(0), op.i32or, i32(8), i32(0), g('CONT'), op.select, op.i32or, op.store8(63));
    f.e(g('LINE'), i32(L.counts), op.i32add, g('SN'), op.store8(0));
    f.e(g('SEQ'), i32(1), op.i32add, gs('SEQ'));
    f.e(g('LINE'), i32(1), op.i32add, tee(1), gs('LINE'), get(1), i32(L.ringCapacity), op.i32eq);
    f.c.if();
    f.e(i32(0), gs('LINE'), g('LAP'), i32(1), op.i32xor, gs('LAP'));
    f.c.end();
    f.e(i32(-1), gs('RB'), i32(SLOTS_PER_RECORD), gs('SN'));
    fns.push(f);
  }
  // spill(): close a full record (the next continues it), open one — close and open inline,
  // since this runs for every seventh slot (only ever called with all seven slots used).
  {
    const f = new Fn('spill', [], [], [I32]);
    f.e(g('RB'), i32(0), op.i32geS);
    f.c.if();
    f.e(g('RB'), g('LAP'), i32(8), i32(0), g('CONT'), op.select, op.i32or, op.store8(63));
    f.e(g('LINE'), i32(L.counts), op.i32add, i32(SLOTS_PER_RECORD), op.store8(0));
    f.e(g('SEQ'), i32(1), op.i32add, gs('SEQ'));
    f.e(g('LINE'), i32(1), op.i32add, tee(0), gs('LINE'), get(0), i32(L.ringCapacity), op.i32eq);
    f.c.if().emit(i32(0), gs('LINE'), g('LAP'), i32(1), op.i32xor, gs('LAP')).end();
    f.e(i32(1), gs('CONT'));
    f.c.end();
    f.e(g('SEQ'), g('FLUSHED'), op.i32sub, i32(L.ringCapacity), op.i32geU);
    f.c.if().emit(op.call(IMPORT.flush), g('SEQ'), gs('FLUSHED')).end();
    f.e(g('LINE'), i32(6), op.i32shl, i32(L.ring), op.i32add, tee(0));
    f.e(i32(0x10), g('LAP'), op.i32or, i32(24), op.i32shl, op.store32(60));
    f.e(get(0), i32(0), op.store32(56), get(0), gs('RB'), i32(0), gs('SN'));
    fns.push(f);
  }
  // slot(id, word)
  {
    const f = new Fn('slot', [I32, I64], [], [I32]);
    f.e(g('SN'), i32(SLOTS_PER_RECORD), op.i32eq);
    f.c.if();
    f.e(call('spill'));
    f.c.end();
    f.e(g('RB'), g('SN'), tee(2), i32(3), op.i32shl, op.i32add, get(1), op.store64(0));
    f.e(g('RB'), get(2), op.i32add, get(0), op.store8(56), get(2), i32(1), op.i32add, gs('SN'));
    fns.push(f);
  }
  // endMsg(err): close the message's last record (EOM, + ERR); no record for an empty message.
  {
    const f = new Fn('endMsg', [I32], []);
    f.e(g('RB'), i32(0), op.i32ltS);
    f.c.if();
    f.e(get(0), op.i32eqz);
    f.c.if().emit(op.return).end();
    f.e(call('open'));
    f.c.end();
    f.e(i32(2), i32(4), i32(0), get(0), op.select, op.i32or, call('close'), i32(0), gs('CONT'));
    fns.push(f);
  }
  // errRec(word): the error slot and the ERR record (called by the host after a trap).
  {
    const f = new Fn('errRec', [I64], [], [], true);
    f.e(i32(0xfc), get(0), call('slot'), i32(1), call('endMsg'));
    fns.push(f);
  }
  // rdU() -> lo, HI: an unsigned stop-bit integer (R6 when overlong, D1 when truncated).
  {
    const f = new Fn('rdU', [], [I64], [I32, I32, I32, I64, I64]);
    const [START, P, X, LO, HI] = [0, 1, 2, 3, 4];
    f.e(g('POS'), tee(START), tee(P), g('END'), op.i32ltU);
    f.c.if();
    f.e(get(P), op.load8u(), tee(X), i32(0x80), op.i32and);
    f.c.if();
    f.e(get(P), i32(1), op.i32add, gs('POS'), i64(0), gs('HI'), get(X), i32(0x7f), op.i32and, op.i64extendU, op.return);
    f.c.end().end();
    // Up to 9 bytes (63 bits) the high part stays 0: a plain 64-bit loop.
    f.c.block('big').block('done').loop('f');
    f.e(get(P), g('END'), op.i32geU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(get(P), get(START), op.i32sub, i32(9), op.i32geU);
    f.c.brIf('big');
    f.e(get(P), op.load8u(), set(X), get(P), i32(1), op.i32add, set(P));
    f.e(get(LO), i64(7), op.i64shl, get(X), i32(0x7f), op.i32and, op.i64extendU, op.i64or, set(LO));
    f.e(get(X), i32(0x80), op.i32and);
    f.c.brIf('done');
    f.c.br('f').end().end();
    f.e(get(P), gs('POS'), get(START), op.load8u(), op.i32eqz);
    f.c.if().emit(i32(CODE.R6), get(START), call('report')).end();
    f.e(i64(0), gs('HI'), get(LO), op.return);
    f.c.end();
    f.e(get(START), set(P), i64(0), set(LO));
    f.c.loop('l');
    f.e(get(P), g('END'), op.i32geU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(get(P), op.load8u(), set(X), get(P), i32(1), op.i32add, set(P));
    f.e(get(HI), i64(7), op.i64shl, get(LO), i64(57), op.i64shrU, op.i64or, tee(HI), i64(HI_LIMIT), op.i64gtU);
    f.c.if().emit(i64(HI_LIMIT), set(HI)).end();
    f.e(get(LO), i64(7), op.i64shl, get(X), i32(0x7f), op.i32and, op.i64extendU, op.i64or, set(LO));
    f.e(get(X), i32(0x80), op.i32and, op.i32eqz);
    f.c.brIf('l').end();
    f.e(get(P), gs('POS'));
    f.e(get(START), op.load8u(), op.i32eqz);
    f.c.if().emit(i32(CODE.R6), get(START), call('report')).end();
    f.e(get(HI), gs('HI'), get(LO));
    fns.push(f);
  }
  // rdS() -> lo, HI: a signed stop-bit integer.
  {
    const f = new Fn('rdS', [], [I64], [I32, I32, I32, I64, I64, I32]);
    const [START, P, X, LO, HI, A] = [0, 1, 2, 3, 4, 5];
    // Overlong (two bytes or more): 0x00 then a byte without its sign bit, or 0x7f then one with it.
    const overlongSigned = (): number[] => {
      const c = new Code();
      c.emit(get(START), op.load8u(), i32(0x7f), op.i32and, set(A), get(START), op.load8u(1), i32(0x40), op.i32and, set(X));
      c.emit(get(A), op.i32eqz, get(X), op.i32eqz, op.i32and, get(A), i32(0x7f), op.i32eq, get(X), i32(0), op.i32ne, op.i32and, op.i32or);
      c.if().emit(i32(CODE.R6), get(START), call('report')).end();
      return c.bytes;
    };
    f.e(g('POS'), tee(START), tee(P), g('END'), op.i32geU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(get(P), op.load8u(), tee(X), i32(0x80), op.i32and);
    f.c.if();
    f.e(get(P), i32(1), op.i32add, gs('POS'), get(X), i32(25), op.i32shl, i32(25), op.i32shrS, op.i64extendS, tee(LO), i64(63), op.i64shrS, gs('HI'), get(LO), op.return);
    f.c.end();
    f.e(i64(-1), i64(0), get(X), i32(0x40), op.i32and, op.select, tee(LO), set(HI));
    // Up to 9 bytes the value is exact in 64 bits (63 payload bits after the sign fill).
    f.c.block('big').block('done').loop('f');
    f.e(get(P), g('END'), op.i32geU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(get(P), get(START), op.i32sub, i32(9), op.i32geU);
    f.c.brIf('big');
    f.e(get(P), op.load8u(), set(X), get(P), i32(1), op.i32add, set(P));
    f.e(get(LO), i64(7), op.i64shl, get(X), i32(0x7f), op.i32and, op.i64extendU, op.i64or, set(LO));
    f.e(get(X), i32(0x80), op.i32and);
    f.c.brIf('done');
    f.c.br('f').end().end();
    f.e(get(P), gs('POS'), overlongSigned(), get(LO), i64(63), op.i64shrS, gs('HI'), get(LO), op.return);
    f.c.end();
    f.e(get(START), set(P), i64(-1), i64(0), get(START), op.load8u(), i32(0x40), op.i32and, op.select, tee(LO), set(HI));
    f.c.loop('l');
    f.e(get(P), g('END'), op.i32geU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(get(P), op.load8u(), set(X), get(P), i32(1), op.i32add, set(P));
    f.e(get(HI), i64(7), op.i64shl, get(LO), i64(57), op.i64shrU, op.i64or, tee(HI), i64(HI_LIMIT), op.i64gtS);
    f.c.if().emit(i64(HI_LIMIT), set(HI)).end();
    f.e(get(HI), i64(-HI_LIMIT), op.i64ltS);
    f.c.if().emit(i64(-HI_LIMIT), set(HI)).end();
    f.e(get(LO), i64(7), op.i64shl, get(X), i32(0x7f), op.i32and, op.i64extendU, op.i64or, set(LO));
    f.e(get(X), i32(0x80), op.i32and, op.i32eqz);
    f.c.brIf('l').end();
    f.e(get(P), gs('POS'), overlongSigned(), get(HI), gs('HI'), get(LO));
    fns.push(f);
  }
  // rdUN(): nullable unsigned (NULL = 1 for null, else the value minus one).
  {
    const f = new Fn('rdUN', [], [I64], [I64]);
    f.e(call('rdU'), tee(0), op.i64eqz, g('HI'), op.i64eqz, op.i32and);
    f.c.if().emit(i32(1), gs('NULL'), i64(0), op.return).end();
    f.e(i32(0), gs('NULL'), get(0), op.i64eqz);
    f.c.if().emit(g('HI'), i64(1), op.i64sub, gs('HI')).end();
    f.e(get(0), i64(1), op.i64sub);
    fns.push(f);
  }
  // rdSN(): nullable signed (positive values minus one).
  {
    const f = new Fn('rdSN', [], [I64], [I64]);
    f.e(call('rdS'), tee(0), op.i64eqz, g('HI'), op.i64eqz, op.i32and);
    f.c.if().emit(i32(1), gs('NULL'), i64(0), op.return).end();
    f.e(i32(0), gs('NULL'), g('HI'), i64(0), op.i64geS);
    f.c.if();
    f.e(get(0), op.i64eqz);
    f.c.if().emit(g('HI'), i64(1), op.i64sub, gs('HI')).end();
    f.e(get(0), i64(1), op.i64sub, set(0));
    f.c.end();
    f.e(get(0));
    fns.push(f);
  }
  // inr(tag, lo) -> 1 when (HI, lo) fits the type.
  {
    const f = new Fn('inr', [I32, I64], [I32]);
    const sx = [...get(1), ...i64(63), ...op.i64shrS];
    f.e(get(0), i32(TAG.i32), op.i32eq);
    f.c.if().emit(g('HI'), sx, op.i64eq, get(1), i64(-(2 ** 31)), op.i64geS, op.i32and, get(1), i64(2 ** 31 - 1), op.i64leS, op.i32and, op.return).end();
    f.e(get(0), i32(TAG.u32), op.i32eq);
    f.c.if().emit(g('HI'), op.i64eqz, get(1), i64(0xffffffff), op.i64leU, op.i32and, op.return).end();
    f.e(get(0), i32(TAG.i64), op.i32eq);
    f.c.if().emit(g('HI'), sx, op.i64eq, op.return).end();
    f.e(g('HI'), op.i64eqz);
    fns.push(f);
  }
  // bit() -> the next presence-map bit (0 past the map's end).
  {
    const f = new Fn('bit', [], [I32], [I32, I32]);
    f.e(g('PMSHORT'));
    f.c.if().emit(g('PMW'), i64(63), op.i64shrU, op.i32wrap, g('PMW'), i64(1), op.i64shl, gs('PMW'), op.return).end();
    f.e(g('PMIDX'), tee(0), i32(1), op.i32add, gs('PMIDX'), get(0), i32(7), op.i32divU, tee(1), g('PMLEN'), op.i32geU);
    f.c.if().emit(i32(0), op.return).end();
    f.e(g('PMOFF'), get(1), op.i32add, op.load8u(), i32(0x40), get(0), i32(7), op.i32remU, op.i32shrU, op.i32and, i32(0), op.i32ne);
    fns.push(f);
  }
  // pushPmap(): save the current map, read the next one (R7 when its last byte is empty).
  {
    const f = new Fn('pushPmap', [], [], [I32, I32, I32, I64, I32]);
    const [START, P, TOP, W, J] = [0, 1, 2, 3, 4];
    f.e(g('POS'), tee(START), set(P));
    f.c.loop('l');
    f.e(get(P), g('END'), op.i32geU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(get(P), op.load8u(), get(P), i32(1), op.i32add, set(P), i32(0x80), op.i32and, op.i32eqz);
    f.c.brIf('l').end();
    f.e(get(P), gs('POS'), g('PMTOP'), tee(TOP), i32(L.pmEnd), op.i32geU);
    f.c.if().emit(op.unreachable).end();
    f.e(get(TOP), g('PMOFF'), op.store32(0), get(TOP), g('PMLEN'), op.store32(4), get(TOP), g('PMIDX'), op.store32(8), get(TOP), g('PMSHORT'), op.store32(12));
    f.e(get(TOP), g('PMW'), op.store64(16), get(TOP), i32(PMAP_ENTRY), op.i32add, gs('PMTOP'));
    // n > 1 and its last byte's payload empty
    f.e(get(P), get(START), op.i32sub, i32(1), op.i32gtU, get(P), i32(1), op.i32sub, op.load8u(), i32(0x7f), op.i32and, op.i32eqz, op.i32and);
    f.c.if().emit(i32(CODE.R7), get(START), call('report')).end();
    f.e(get(START), gs('PMOFF'), get(P), get(START), op.i32sub, gs('PMLEN'), i32(0), gs('PMIDX'));
    // Up to 9 bytes: the 7-bit groups packed from bit 63 down (bit 0 stays clear).
    f.e(get(P), get(START), op.i32sub, i32(9), op.i32leU, tee(J), gs('PMSHORT'), i64(0), set(W), get(J));
    f.c.if();
    f.e(i32(0), set(J));
    f.c.block('b').loop('l');
    f.e(get(START), get(J), op.i32add, get(P), op.i32geU);
    f.c.brIf('b');
    f.e(get(W), get(START), get(J), op.i32add, op.load8u(), i32(0x7f), op.i32and, op.i64extendU, i64(57), get(J), i32(7), op.i32mul, op.i64extendU, op.i64sub, op.i64shl, op.i64or, set(W));
    f.e(get(J), i32(1), op.i32add, set(J));
    f.c.br('l').end().end();
    f.c.end();
    f.e(get(W), gs('PMW'));
    fns.push(f);
  }
  // popPmap(): R8 when set bits remain beyond the used ones, then the enclosing map.
  {
    const f = new Fn('popPmap', [], [], [I32, I32, I32]);
    const [I, BYTE, UNUSED] = [0, 1, 2];
    f.e(g('PMSHORT'));
    f.c.if();
    f.e(g('PMW'), i64(0), op.i64ne, set(UNUSED));
    f.c.else();
    f.e(g('PMIDX'), tee(I), i32(7), op.i32divU, tee(BYTE), g('PMLEN'), op.i32ltU);
    f.c.if();
    f.e(g('PMOFF'), get(BYTE), op.i32add, op.load8u(), i32(0x7f), get(I), i32(7), op.i32remU, op.i32shrU, op.i32and, set(UNUSED));
    f.c.block('b').loop('l');
    f.e(get(UNUSED));
    f.c.brIf('b');
    f.e(get(BYTE), i32(1), op.i32add, tee(BYTE), g('PMLEN'), op.i32geU);
    f.c.brIf('b');
    f.e(g('PMOFF'), get(BYTE), op.i32add, op.load8u(), i32(0x7f), op.i32and, set(UNUSED));
    f.c.br('l').end().end();
    f.c.end();
    f.c.end();
    f.e(get(UNUSED));
    f.c.if().emit(i32(CODE.R8), g('PMOFF'), call('report')).end();
    f.e(g('PMTOP'), i32(L.pmStack), op.i32gtU);
    f.c.if();
    f.e(g('PMTOP'), i32(PMAP_ENTRY), op.i32sub, tee(I), gs('PMTOP'), get(I), op.load32(0), gs('PMOFF'), get(I), op.load32(4), gs('PMLEN'), get(I), op.load32(8), gs('PMIDX'));
    f.e(get(I), op.load32(12), gs('PMSHORT'), get(I), op.load64(16), gs('PMW'));
    f.c.else();
    f.e(i32(0), gs('PMOFF'), i32(0), gs('PMLEN'), i32(0), gs('PMIDX'), i32(1), gs('PMSHORT'), i64(0), gs('PMW'));
    f.c.end();
    fns.push(f);
  }
  // resetDict(): every entry undefined; string values are all dead, so the arena empties.
  {
    const f = new Fn('resetDict', [], [], [], true);
    f.e(i32(L.dict), i32(0), i32(L.slots * ENTRY_BYTES), op.fill, g('ABASE'), gs('ATOP'));
    fns.push(f);
  }
  // alloc(n) -> ptr in the string arena (the host compacts / grows it when full).
  {
    const f = new Fn('alloc', [I32], [I32], [I32]);
    f.e(g('ATOP'), get(0), op.i32add, g('AEND'), op.i32gtU);
    f.c.if();
    f.e(get(0), op.call(IMPORT.arena), gs('ATOP'), op.memSize, i32(16), op.i32shl, i32(16), op.i32sub, gs('AEND'));
    f.c.end();
    f.e(g('ATOP'), tee(1), get(0), op.i32add, gs('ATOP'), get(1));
    fns.push(f);
  }
  // pasc(nullable): an ascii string as an input range (SA, SL), or NULL (§10.6.3, R9 when overlong).
  {
    const f = new Fn('pasc', [I32], [], [I32, I32, I32]);
    const [NULLABLE, START, P, S] = [0, 1, 2, 3];
    f.e(g('POS'), tee(START), set(P));
    f.c.loop('l');
    f.e(get(P), g('END'), op.i32geU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(get(P), op.load8u(), get(P), i32(1), op.i32add, set(P), i32(0x80), op.i32and, op.i32eqz);
    f.c.brIf('l').end();
    f.e(get(P), gs('POS'), get(START), set(S), i32(0), gs('NULL'));
    f.e(get(NULLABLE));
    f.c.if();
    f.e(get(P), get(START), op.i32sub, i32(1), op.i32eq, get(START), op.load8u(), i32(0x80), op.i32eq, op.i32and);
    f.c.if().emit(i32(1), gs('NULL'), op.return).end();
    f.e(get(START), op.load8u(), op.i32eqz);
    f.c.if();
    f.e(get(START), op.load8u(1), i32(0x7f), op.i32and);
    f.c.if().emit(i32(CODE.R9), get(START), call('report')).end();
    f.e(get(START), i32(1), op.i32add, set(S));
    f.c.else();
    f.e(get(START), gs('SA'), get(P), get(START), op.i32sub, gs('SL'), op.return);
    f.c.end();
    f.c.end();
    f.e(get(P), get(S), op.i32sub, i32(1), op.i32eq, get(S), op.load8u(), i32(0x7f), op.i32and, op.i32eqz, op.i32and);
    f.c.if().emit(get(S), gs('SA'), i32(0), gs('SL'), op.return).end();
    f.e(get(S), op.load8u(), op.i32eqz);
    f.c.if();
    f.e(get(S), op.load8u(1), i32(0x7f), op.i32and);
    f.c.if().emit(i32(CODE.R9), get(S), call('report')).end();
    f.e(get(S), i32(1), op.i32add, set(S));
    f.c.end();
    f.e(get(S), gs('SA'), get(P), get(S), op.i32sub, gs('SL'));
    fns.push(f);
  }
  // pbytes(nullable): a length-prefixed byte vector / unicode string as an input range.
  {
    const f = new Fn('pbytes', [I32], [], [I32, I64]);
    const [NULLABLE, START, N] = [0, 1, 2];
    f.e(g('POS'), set(START), get(NULLABLE));
    f.c.if();
    f.e(call('rdUN'), set(N), g('NULL'));
    f.c.if().emit(op.return).end();
    f.c.else();
    f.e(call('rdU'), set(N), i32(0), gs('NULL'));
    f.c.end();
    f.e(g('HI'), op.i64eqz, op.i32eqz, get(N), i64(0xffffffff), op.i64gtU, op.i32or);
    f.c.if().emit(i32(CODE.D2), get(START), call('fail')).end();
    f.e(get(N), g('END'), g('POS'), op.i32sub, op.i64extendU, op.i64gtU);
    f.c.if().emit(i32(CODE.D1), get(START), call('fail')).end();
    f.e(g('POS'), gs('SA'), get(N), op.i32wrap, gs('SL'), g('POS'), get(N), op.i32wrap, op.i32add, gs('POS'));
    fns.push(f);
  }
  // setStr(entry, tag): the value in (SA, SL) copied into the arena and assigned.
  {
    const f = new Fn('setStr', [I32, I32], [], [I32, I32]);
    const [E, T, P, N] = [0, 1, 2, 3];
    f.e(g('SL'), tee(N), call('alloc'), tee(P), g('SA'), get(N), op.copy);
    f.e(get(T), i32(TAG.ascii), op.i32eq, get(N), op.i32and);
    f.c.if().emit(get(P), get(N), op.i32add, i32(1), op.i32sub, tee(N), get(N), op.load8u(), i32(0x7f), op.i32and, op.store8()).end();
    f.e(get(E), get(P), op.store32(0), get(E), g('SL'), op.store32(4), get(E), i32(2), op.store8(12), get(E), get(T), op.store8(13), get(P), gs('SA'));
    fns.push(f);
  }
  // writeStr(fid, ascii): (fid, length) then the bytes 8 to a continuation slot.
  {
    const f = new Fn('writeStr', [I32, I32], [], [I32, I64, I32]);
    const [FID, ASC, I, W, REM] = [0, 1, 2, 3, 4];
    f.e(get(FID), g('SL'), op.i64extendU, call('slot'), i32(0), set(I));
    f.c.block('b').loop('l');
    f.e(get(I), g('SL'), op.i32geU);
    f.c.brIf('b');
    f.e(g('SA'), get(I), op.i32add, op.load64(), set(W), g('SL'), get(I), op.i32sub, tee(REM), i32(8), op.i32ltU);
    f.c.if().emit(get(W), i64(1), get(REM), i32(3), op.i32shl, op.i64extendU, op.i64shl, i64(1), op.i64sub, op.i64and, set(W)).end();
    f.e(get(ASC));
    f.c.if().emit(get(W), op.i64big(0x7f7f7f7f7f7f7f7fn), op.i64and, set(W)).end();
    f.e(g('SN'), i32(SLOTS_PER_RECORD), op.i32eq);
    f.c.if().emit(call('spill')).end();
    f.e(g('RB'), g('SN'), i32(3), op.i32shl, op.i32add, get(W), op.store64(0), g('RB'), g('SN'), op.i32add, i32(0xff), op.store8(56), g('SN'), i32(1), op.i32add, gs('SN'));
    f.e(get(I), i32(8), op.i32add, set(I));
    f.c.br('l').end().end();
    fns.push(f);
  }
  // Flags of the operator helpers: bit 0 has an initial value, bit 1 optional, bit 2 increment.
  const checkType = (entry: number, tag: number, start: number): number[] => {
    const c = new Code();
    c.emit(get(entry), op.load8u(13), get(tag), op.i32ne);
    c.if().emit(i32(CODE.D4), get(start), op.call(index['fail']!)).end();
    return c.bytes;
  };
  // prevInt(entry, tag, flags, k, start) -> value, NULL: copy / increment with the bit clear.
  {
    const f = new Fn('prevInt', [I32, I32, I32, I64, I32], [I64], [I32, I64]);
    const [E, T, FL, K, START, S, V] = [0, 1, 2, 3, 4, 5, 6];
    f.e(i32(0), gs('NULL'), get(E), op.load8u(12), tee(S), i32(2), op.i32geU);
    f.c.if();
    f.e(checkType(E, T, START), get(E), op.load64(), set(V), get(FL), i32(4), op.i32and);
    f.c.if();
    // §6.3.6 increment: 32-bit types wrap at their own bounds, 64-bit ones natively.
    f.e(get(T), i32(TAG.i32), op.i32eq);
    f.c.if().emit(get(V), i64(2 ** 31 - 1), op.i64eq);
    f.c.if().emit(i64(-(2 ** 31)), set(V)).else().emit(get(V), i64(1), op.i64add, set(V)).end();
    f.c.else().emit(get(T), i32(TAG.u32), op.i32eq);
    f.c.if().emit(get(V), i64(0xffffffff), op.i64eq);
    f.c.if().emit(i64(0), set(V)).else().emit(get(V), i64(1), op.i64add, set(V)).end();
    f.c.else().emit(get(V), i64(1), op.i64add, set(V)).end();
    f.c.end();
    f.e(get(E), get(V), op.store64(0));
    f.c.end();
    f.e(get(V), op.return);
    f.c.end();
    f.e(get(S), op.i32eqz);
    f.c.if();
    f.e(get(FL), i32(1), op.i32and);
    f.c.if().emit(get(E), get(K), op.store64(0), get(E), i32(2), op.store8(12), get(E), get(T), op.store8(13), get(K), op.return).end();
    f.e(get(FL), i32(2), op.i32and);
    f.c.if().emit(get(E), i32(1), op.store8(12), i32(1), gs('NULL'), i64(0), op.return).end();
    f.e(i32(CODE.D5), get(START), call('fail'));
    f.c.end();
    f.e(get(FL), i32(2), op.i32and);
    f.c.if().emit(i32(1), gs('NULL'), i64(0), op.return).end();
    f.e(i32(CODE.D6), get(START), call('fail'), i64(0));
    fns.push(f);
  }
  // deltaInt(entry, tag, flags, k, start) -> value, NULL: §6.3.7 on integers (R4 out of range).
  {
    const f = new Fn('deltaInt', [I32, I32, I32, I64, I32], [I64], [I64, I64, I64, I32, I64]);
    const [E, T, FL, K, START, DV, DHI, B, S, LO] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    f.e(get(FL), i32(2), op.i32and);
    f.c.if();
    f.e(call('rdSN'), set(DV), g('NULL'));
    f.c.if().emit(i64(0), op.return).end();
    f.c.else();
    f.e(call('rdS'), set(DV), i32(0), gs('NULL'));
    f.c.end();
    f.e(g('HI'), set(DHI), get(E), op.load8u(12), tee(S), i32(2), op.i32geU);
    f.c.if();
    f.e(checkType(E, T, START), get(E), op.load64(), set(B));
    f.c.else();
    f.e(get(S), i32(1), op.i32eq);
    f.c.if().emit(i32(CODE.D6), get(START), call('fail')).end();
    f.e(get(K), i64(0), get(FL), i32(1), op.i32and, op.select, set(B));
    f.c.end();
    // 128-bit sum: base (sign-extended for signed types) + delta.
    f.e(get(B), get(DV), op.i64add, tee(LO), get(B), op.i64ltU, op.i64extendU);
    f.e(get(DHI), op.i64add, get(B), i64(63), op.i64shrS, i64(0), get(T), i32(TAG.i32), op.i32eq, get(T), i32(TAG.i64), op.i32eq, op.i32or, op.select, op.i64add, gs('HI'));
    f.e(get(T), get(LO), call('inr'), op.i32eqz);
    f.c.if().emit(i32(CODE.R4), get(START), call('fail')).end();
    f.e(get(E), get(LO), op.store64(0), get(E), i32(2), op.store8(12), get(E), get(T), op.store8(13), i32(0), gs('NULL'), get(LO));
    fns.push(f);
  }
  // pdec(nullable) -> mantissa, E, NULL: a decimal from the stream (R1 exponent, D2 mantissa).
  {
    const f = new Fn('pdec', [I32], [I64], [I32, I64, I32]);
    const [NULLABLE, START, V, MS] = [0, 1, 2, 3];
    f.e(g('POS'), set(START), get(NULLABLE));
    f.c.if();
    f.e(call('rdSN'), set(V), g('NULL'));
    f.c.if().emit(i64(0), op.return).end();
    f.c.else();
    f.e(call('rdS'), set(V), i32(0), gs('NULL'));
    f.c.end();
    f.e(g('HI'), get(V), i64(63), op.i64shrS, op.i64ne, get(V), i64(-63), op.i64ltS, op.i32or, get(V), i64(63), op.i64gtS, op.i32or);
    f.c.if().emit(i32(CODE.R1), get(START), call('fail')).end();
    f.e(get(V), op.i32wrap, gs('E'), g('POS'), set(MS), call('rdS'), tee(V), i64(63), op.i64shrS, g('HI'), op.i64ne);
    f.c.if().emit(i32(CODE.D2), get(MS), call('fail')).end();
    f.e(get(V));
    fns.push(f);
  }
  // prevDec(entry, flags, kexp, kman, start) -> mantissa, E, NULL: copy with the bit clear.
  {
    const f = new Fn('prevDec', [I32, I32, I32, I64, I32], [I64], [I32]);
    const [E, FL, KE, KM, START, S] = [0, 1, 2, 3, 4, 5];
    f.e(i32(0), gs('NULL'), get(E), op.load8u(12), tee(S), i32(2), op.i32geU);
    f.c.if();
    f.e(get(E), op.load8u(13), i32(TAG.dec), op.i32ne);
    f.c.if().emit(i32(CODE.D4), get(START), call('fail')).end();
    f.e(get(E), op.load32(8), gs('E'), get(E), op.load64(0), op.return);
    f.c.end();
    f.e(get(S), op.i32eqz);
    f.c.if();
    f.e(get(FL), i32(1), op.i32and);
    f.c.if().emit(get(E), get(KM), op.store64(0), get(E), get(KE), op.store32(8), get(E), i32(2), op.store8(12), get(E), i32(TAG.dec), op.store8(13), get(KE), gs('E'), get(KM), op.return).end();
    f.e(get(FL), i32(2), op.i32and);
    f.c.if().emit(get(E), i32(1), op.store8(12), i32(1), gs('NULL'), i64(0), op.return).end();
    f.e(i32(CODE.D5), get(START), call('fail'));
    f.c.end();
    f.e(get(FL), i32(2), op.i32and);
    f.c.if().emit(i32(1), gs('NULL'), i64(0), op.return).end();
    f.e(i32(CODE.D6), get(START), call('fail'), i64(0));
    fns.push(f);
  }
  // deltaDec(entry, flags, kexp, kman, start) -> mantissa, E, NULL: §6.3.7 on a decimal.
  {
    const f = new Fn('deltaDec', [I32, I32, I32, I64, I32], [I64], [I64, I64, I64, I64, I32, I64, I64, I64]);
    const [E, FL, KE, KM, START, DE, DEHI, DM, DMHI, S, BE, BM, LO] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    f.e(get(FL), i32(2), op.i32and);
    f.c.if();
    f.e(call('rdSN'), set(DE), g('NULL'));
    f.c.if().emit(i64(0), op.return).end();
    f.c.else();
    f.e(call('rdS'), set(DE), i32(0), gs('NULL'));
    f.c.end();
    f.e(g('HI'), set(DEHI), call('rdS'), set(DM), g('HI'), set(DMHI));
    f.e(get(E), op.load8u(12), tee(S), i32(2), op.i32geU);
    f.c.if();
    f.e(get(E), op.load8u(13), i32(TAG.dec), op.i32ne);
    f.c.if().emit(i32(CODE.D4), get(START), call('fail')).end();
    f.e(get(E), op.load32(8), op.i64extendS, set(BE), get(E), op.load64(0), set(BM));
    f.c.else();
    f.e(get(S), i32(1), op.i32eq);
    f.c.if().emit(i32(CODE.D6), get(START), call('fail')).end();
    f.e(get(KE), op.i64extendS, i64(0), get(FL), i32(1), op.i32and, op.select, set(BE), get(KM), i64(0), get(FL), i32(1), op.i32and, op.select, set(BM));
    f.c.end();
    // Exponent: base + delta (128-bit) within [-63, 63], else R1.
    f.e(get(BE), get(DE), op.i64add, tee(LO), get(BE), op.i64ltU, op.i64extendU, get(DEHI), op.i64add, get(BE), i64(63), op.i64shrS, op.i64add);
    f.e(get(LO), i64(63), op.i64shrS, op.i64ne, get(LO), i64(-63), op.i64ltS, op.i32or, get(LO), i64(63), op.i64gtS, op.i32or);
    f.c.if().emit(i32(CODE.R1), get(START), call('fail')).end();
    f.e(get(LO), op.i32wrap, gs('E'));
    // Mantissa: base + delta within int64, else R4.
    f.e(get(BM), get(DM), op.i64add, tee(LO), get(BM), op.i64ltU, op.i64extendU, get(DMHI), op.i64add, get(BM), i64(63), op.i64shrS, op.i64add);
    f.e(get(LO), i64(63), op.i64shrS, op.i64ne);
    f.c.if().emit(i32(CODE.R4), get(START), call('fail')).end();
    f.e(get(E), get(LO), op.store64(0), get(E), g('E'), op.store32(8), get(E), i32(2), op.store8(12), get(E), i32(TAG.dec), op.store8(13), get(LO));
    fns.push(f);
  }
  // prevStr(entry, tag, flags, kptr, klen, start) -> SA, SL, NULL: copy / tail with the bit clear.
  {
    const f = new Fn('prevStr', [I32, I32, I32, I32, I32, I32], [], [I32]);
    const [E, T, FL, KP, KL, START, S] = [0, 1, 2, 3, 4, 5, 6];
    f.e(i32(0), gs('NULL'), get(E), op.load8u(12), tee(S), i32(2), op.i32geU);
    f.c.if();
    f.e(checkType(E, T, START), get(E), op.load32(0), gs('SA'), get(E), op.load32(4), gs('SL'), op.return);
    f.c.end();
    f.e(get(S), op.i32eqz);
    f.c.if();
    f.e(get(FL), i32(1), op.i32and);
    f.c.if().emit(get(E), get(KP), op.store32(0), get(E), get(KL), op.store32(4), get(E), i32(2), op.store8(12), get(E), get(T), op.store8(13), get(KP), gs('SA'), get(KL), gs('SL'), op.return).end();
    f.e(get(FL), i32(2), op.i32and);
    f.c.if().emit(get(E), i32(1), op.store8(12), i32(1), gs('NULL'), op.return).end();
    f.e(i32(CODE.D5), get(START), call('fail'));
    f.c.end();
    f.e(get(FL), i32(2), op.i32and);
    f.c.if().emit(i32(1), gs('NULL'), op.return).end();
    f.e(i32(CODE.D6), get(START), call('fail'));
    fns.push(f);
  }
  const readStr = (tagLocal: number, nullable: number[]): number[] => {
    const c = new Code();
    c.emit(get(tagLocal), i32(TAG.ascii), op.i32eq);
    c.if().emit(nullable, op.call(index['pasc']!)).else().emit(nullable, op.call(index['pbytes']!)).end();
    return c.bytes;
  };
  // tailStr(entry, tag, flags, kptr, klen, start): §6.3.8 with the bit set.
  {
    const f = new Fn('tailStr', [I32, I32, I32, I32, I32, I32], [], [I32, I32, I32, I32, I32, I32]);
    const [E, T, FL, KP, KL, START, TP, TL, S, BL, P, BP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    f.e(readStr(T, [...get(FL), ...i32(1), ...op.i32shrU, ...i32(1), ...op.i32and]), g('NULL'));
    f.c.if().emit(get(E), i32(1), op.store8(12), op.return).end();
    f.e(g('SA'), set(TP), g('SL'), set(TL), i32(0), set(BL), get(E), op.load8u(12), tee(S), i32(2), op.i32geU);
    f.c.if();
    f.e(checkType(E, T, START), get(E), op.load32(4), set(BL));
    f.c.else();
    f.e(get(FL), i32(1), op.i32and);
    f.c.if().emit(get(KL), set(BL)).end();
    f.c.end();
    f.e(get(TL), get(BL), op.i32geU);
    f.c.if().emit(get(E), get(T), call('setStr'), op.return).end();
    f.e(get(BL), call('alloc'), set(P), get(KP), set(BP), get(S), i32(2), op.i32geU);
    f.c.if().emit(get(E), op.load32(0), set(BP)).end();
    f.e(get(P), get(BP), get(BL), get(TL), op.i32sub, op.copy, get(P), get(BL), op.i32add, get(TL), op.i32sub, get(TP), get(TL), op.copy);
    f.e(get(T), i32(TAG.ascii), op.i32eq, get(TL), op.i32and);
    f.c.if().emit(get(P), get(BL), op.i32add, i32(1), op.i32sub, tee(BP), get(BP), op.load8u(), i32(0x7f), op.i32and, op.store8()).end();
    f.e(get(E), get(P), op.store32(0), get(E), get(BL), op.store32(4), get(E), i32(2), op.store8(12), get(E), get(T), op.store8(13), get(P), gs('SA'), get(BL), gs('SL'));
    fns.push(f);
  }
  // deltaStr(entry, tag, flags, kptr, klen, start): §6.3.7 on strings and byte vectors (D7).
  {
    const f = new Fn('deltaStr', [I32, I32, I32, I32, I32, I32], [], [I32, I64, I32, I32, I32, I32, I32, I32, I32, I32]);
    const [E, T, FL, KP, KL, START, LS, SUB, PP, PL, S, BL, RM, P, BP, N] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    f.e(g('POS'), set(LS), get(FL), i32(2), op.i32and);
    f.c.if();
    f.e(call('rdSN'), set(SUB), g('NULL'));
    f.c.if().emit(op.return).end();
    f.c.else();
    f.e(call('rdS'), set(SUB), i32(0), gs('NULL'));
    f.c.end();
    f.e(g('HI'), get(SUB), i64(63), op.i64shrS, op.i64ne, get(SUB), i64(-(2 ** 31)), op.i64ltS, op.i32or, get(SUB), i64(2 ** 31 - 1), op.i64gtS, op.i32or);
    f.c.if().emit(i32(CODE.D7), get(LS), call('fail')).end();
    f.e(readStr(T, i32(0)), g('SA'), set(PP), g('SL'), set(PL), i32(0), set(BL));
    f.e(get(E), op.load8u(12), tee(S), i32(2), op.i32geU);
    f.c.if();
    f.e(checkType(E, T, START), get(E), op.load32(4), set(BL));
    f.c.else();
    f.e(get(S), i32(1), op.i32eq);
    f.c.if().emit(i32(CODE.D6), get(START), call('fail')).end();
    f.e(get(FL), i32(1), op.i32and);
    f.c.if().emit(get(KL), set(BL)).end();
    f.c.end();
    // remove = front ? -sub - 1 : sub
    f.e(get(SUB), op.i32wrap, tee(RM), i32(0), op.i32ltS);
    f.c.if().emit(i32(-1), get(RM), op.i32sub, set(RM)).end();
    f.e(get(RM), get(BL), op.i32gtU);
    f.c.if().emit(i32(CODE.D7), get(LS), call('fail')).end();
    f.e(get(BL), get(RM), op.i32sub, get(PL), op.i32add, tee(N), call('alloc'), set(P), get(KP), set(BP), get(S), i32(2), op.i32geU);
    f.c.if().emit(get(E), op.load32(0), set(BP)).end();
    f.e(get(SUB), i64(0), op.i64ltS);
    f.c.if();
    f.e(get(P), get(PP), get(PL), op.copy, get(P), get(PL), op.i32add, get(BP), get(RM), op.i32add, get(BL), get(RM), op.i32sub, op.copy);
    f.e(get(T), i32(TAG.ascii), op.i32eq, get(PL), op.i32and);
    f.c.if().emit(get(P), get(PL), op.i32add, i32(1), op.i32sub, tee(BP), get(BP), op.load8u(), i32(0x7f), op.i32and, op.store8()).end();
    f.c.else();
    f.e(get(P), get(BP), get(BL), get(RM), op.i32sub, op.copy, get(P), get(BL), op.i32add, get(RM), op.i32sub, get(PP), get(PL), op.copy);
    f.e(get(T), i32(TAG.ascii), op.i32eq, get(PL), op.i32and);
    f.c.if().emit(get(P), get(N), op.i32add, i32(1), op.i32sub, tee(BP), get(BP), op.load8u(), i32(0x7f), op.i32and, op.store8()).end();
    f.c.end();
    f.e(get(E), get(P), op.store32(0), get(E), get(N), op.store32(4), get(E), i32(2), op.store8(12), get(E), get(T), op.store8(13), get(P), gs('SA'), get(N), gs('SL'));
    fns.push(f);
  }
  // tidRead(entry, start) -> template id (one pmap bit, copy operator, no type check).
  {
    const f = new Fn('tidRead', [I32, I32], [I32], [I64, I32]);
    const [E, START, V, S] = [0, 1, 2, 3];
    f.e(call('bit'));
    f.c.if();
    f.e(call('rdU'), set(V), g('HI'), op.i64eqz, op.i32eqz, get(V), i64(0xffffffff), op.i64gtU, op.i32or);
    f.c.if().emit(i32(CODE.D2), get(START), call('fail')).end();
    f.e(get(E), get(V), op.store64(0), get(E), i32(2), op.store8(12), get(E), i32(TAG.u32), op.store8(13), get(V), op.i32wrap, op.return);
    f.c.end();
    f.e(get(E), op.load8u(12), tee(S), i32(2), op.i32ltU);
    f.c.if().emit(i32(CODE.D6), i32(CODE.D5), get(S), op.select, get(START), call('fail')).end();
    f.e(get(E), op.load64(0), op.i32wrap);
    fns.push(f);
  }
  const built = fns.map((f) => f.done());
  if (built.map((f) => f.name).join() !== names.join()) throw new Error('wasm runtime: function order');
  return { fns: built, index };
}
