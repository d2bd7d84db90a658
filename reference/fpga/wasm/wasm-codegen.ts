import { buildModule, Code, I32, I64, op } from '../../wasm/wasm-asm.ts';
import { FID, splitOpcode, type Const, type FieldOp, type Instr, type Program, type VType } from '../isa.ts';
import { CODE, ENTRY_BYTES, G, GLOBAL_TYPES, PMAP_ENTRY, runtimeFunctions, TAG, type RuntimeLayout } from './wasm-runtime.ts';

/**
 * Compiles a microcode program (reference/fpga/isa.ts) into one WebAssembly function, `run`,
 * that does what the interpreter (engine.ts) does, instruction for instruction: the program's
 * instructions become consecutive blocks of straight-line code that fall through into each
 * other, and a jump (eom, seq, optional groups, calls and returns) sets `pc` and re-enters a
 * `br_table` over all instruction starts. Operators call the runtime helpers
 * (wasm-runtime.ts) with their constants (dictionary entry address, type tag, initial value)
 * as immediates.
 *
 * Memory: [64, dict) nothing; the dictionary (16 bytes an entry); string constants (each
 * followed by 8 bytes of padding, for 8-byte loads); the template-id table; the presence-map,
 * call and loop stacks; the module's own DMA ring and its slot counts; then the input (copied
 * in per run, 16 bytes of padding) and the string arena up to the end of memory.
 */
export interface WasmCodegenOptions {
  readonly strict?: boolean;
  readonly maxDepth?: number;
  /** Records in the module's ring before the host must drain it (default 1024). */
  readonly ringCapacity?: number;
  /**
   * Rewrites generated code before it is placed — a runtime helper's body (`fn` its name) or one
   * instruction's code in `run` (`pc`, `ins`): only for mutants (a planted code-generation bug,
   * adapters/mutants/fpga-wasm-*.ts).
   */
  readonly rewrite?: (where: { readonly fn: string; readonly pc?: number; readonly ins?: Instr }, code: number[]) => number[];
}

export interface GeneratedModule {
  readonly bytes: Uint8Array;
  readonly layout: RuntimeLayout & { readonly inBase: number; readonly jt: number; readonly jtSize: number };
  /** String constants to copy into memory: address and bytes. */
  readonly strings: readonly { readonly addr: number; readonly bytes: Uint8Array }[];
  /** Template id -> routine entry for ids below jtSize (the rest are compared in code). */
  readonly jtEntries: readonly (readonly [number, number])[];
}

const TAG_OF: Record<VType, keyof typeof TAG> = { i32: 'i32', u32: 'u32', i64: 'i64', u64: 'u64', exp: 'i32', mant: 'i64', len: 'u32', dec: 'dec', ascii: 'ascii', uni: 'uni', bytes: 'bytes' };
const JT_DENSE_MAX = 4096;
const align = (n: number, a: number): number => Math.ceil(n / a) * a;

export class WasmCompileError extends Error {
  override readonly name = 'WasmCompileError';
}

export function generateWasm(program: Program, options: WasmCodegenOptions = {}): GeneratedModule {
  const maxDepth = options.maxDepth ?? 64;
  const strict = options.strict ?? false;
  const ringCapacity = options.ringCapacity ?? 1024;
  const nslots = Math.max(1, program.slots.length);
  const dict = 64;
  let at = dict + nslots * ENTRY_BYTES;
  const strings: { addr: number; bytes: Uint8Array }[] = [];
  const kaddr = new Map<number, number>();
  program.consts.forEach((c, i) => {
    if (c.kind === 'ascii' || c.kind === 'uni' || c.kind === 'bytes') {
      kaddr.set(i, at);
      strings.push({ addr: at, bytes: c.value });
      at = align(at + c.value.length + 8, 8);
    }
  });
  const tids = [...program.jumpTable.keys()];
  const dense = tids.filter((t) => t < JT_DENSE_MAX);
  const jtSize = dense.length ? Math.max(...dense) + 1 : 0;
  const jt = align(at, 16);
  const stackEntries = maxDepth + 8;
  const pmStack = align(jt + 4 * jtSize, 16);
  const pmEnd = pmStack + PMAP_ENTRY * stackEntries;
  const calls = pmEnd + 16;
  const callsEnd = calls + 8 * stackEntries;
  const loops = callsEnd + 16;
  const loopsEnd = loops + 8 * stackEntries;
  const ring = align(loopsEnd + 64, 64);
  const counts = ring + 64 * ringCapacity;
  const inBase = align(counts + ringCapacity + 64, 64);
  const layout = { dict, slots: nslots, pmStack, pmEnd, ring, ringCapacity, counts, strict, inBase, jt, jtSize };

  const IMPORTS = 3;
  const rt = runtimeFunctions(layout, IMPORTS);
  const call = (n: string): number[] => op.call(rt.index[n]!);
  const { get, set, tee, i32, i64 } = op;
  const g = (k: keyof typeof G) => op.gget(G[k]);
  const gs = (k: keyof typeof G) => op.gset(G[k]);

  // Locals of run(perMessage).
  const [PERMSG, PC, BASE, TIDV, TIDSTART, START, CT, LT, V, LEFT, IDX, ENTRY, X, B] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  // Inline fast paths (the helpers do the same in full): the next presence-map bit of a short map;
  // a slot write into the open record.
  const bit = (): number[] => {
    const c = new Code();
    c.emit(g('PMSHORT'));
    c.if().emit(g('PMW'), i64(63), op.i64shrU, op.i32wrap, set(X), g('PMW'), i64(1), op.i64shl, gs('PMW'));
    c.else().emit(call('bit'), set(X)).end();
    c.emit(get(X));
    return c.bytes;
  };
  /** (fid, length) and the bytes 8 to a continuation slot, as constants (a constant operator's value). */
  const constantSlots = (fid: number, v: Uint8Array): number[] => {
    const out = slotInline(fid, i64(v.length));
    for (let i = 0; i < v.length; i += 8) {
      let w = 0n;
      for (let k = Math.min(7, v.length - 1 - i); k >= 0; k--) w = (w << 8n) | BigInt(v[i + k]!);
      out.push(...slotInline(FID.continuation, op.i64big(w)));
    }
    return out;
  };
  /** Leaves 1 when (HI, V) is outside the type (the checks of the runtime's inr, inline). */
  const outOfRange = (t: string): number[] => {
    const sx = [...get(V), ...i64(63), ...op.i64shrS];
    switch (t) {
      case 'i32':
        return [...g('HI'), ...sx, ...op.i64ne, ...get(V), ...i64(-(2 ** 31)), ...op.i64ltS, ...op.i32or, ...get(V), ...i64(2 ** 31 - 1), ...op.i64gtS, ...op.i32or];
      case 'u32':
        return [...g('HI'), ...i64(0), ...op.i64ne, ...get(V), ...i64(0xffffffff), ...op.i64gtU, ...op.i32or];
      case 'i64':
        return [...g('HI'), ...sx, ...op.i64ne];
      default:
        return [...g('HI'), ...i64(0), ...op.i64ne];
    }
  };
  const slotInline = (fid: number, word: number[]): number[] => {
    const c = new Code();
    c.emit(g('SN'), i32(7), op.i32eq);
    c.if().emit(call('spill')).end();
    c.emit(g('RB'), g('SN'), i32(3), op.i32shl, op.i32add, word, op.store64(0), g('RB'), g('SN'), op.i32add, i32(fid), op.store8(56), g('SN'), i32(1), op.i32add, gs('SN'));
    return c.bytes;
  };
  const code = program.instrs;
  const n = code.length;
  const body = new Code();
  body.emit(i32(0), set(PC), i32(calls), set(CT), i32(loops), set(LT));
  body.loop('disp');
  for (let k = n - 1; k >= 0; k--) body.block(`i${k}`);
  body.emit(get(PC));
  body.brTable(
    code.map((_, k) => `i${k}`),
    'i0',
  );

  const entryOf = (ins: Instr): number => {
    if (ins.slot === undefined) throw new WasmCompileError(`${ins.op} needs a dictionary slot`);
    return dict + ENTRY_BYTES * ins.slot;
  };
  const konst = (ins: Instr): Const | undefined => (ins.k === undefined ? undefined : program.consts[ins.k]);

  for (let k = 0; k < n; k++) {
    body.end();
    const ins = code[k]!;
    // Placed inside the dispatch loop and the blocks of the instructions after it.
    const c = new Code(['disp', ...new Array<null>(n - k - 1).fill(null)]);
    const fail = (codeNo: number, at: number[]): number[] => [...i32(codeNo), ...at, ...call('fail')];
    const jump = (target: number | null): void => {
      if (target === null) throw new WasmCompileError(`instruction ${k} (${ins.op}) has no target`);
      c.emit(i32(target), set(PC));
      c.br('disp');
    };
    const enterCheck = (depth: number): void => {
      c.emit(get(BASE), i32(depth), op.i32add, i32(maxDepth), op.i32gtS);
      c.if().emit(fail(CODE.D1, get(START))).end();
    };
    const slotConst = (fid: number, word: number[]): number[] => slotInline(fid, word);
    c.emit(g('POS'), set(START));
    const s = splitOpcode(ins.op);
    if (s === null) {
      switch (ins.op) {
        case 'next':
          c.emit(g('POS'), g('END'), op.i32geU);
          c.if().emit(i32(0), op.return).end();
          c.emit(get(PERMSG));
          c.if().emit(call('resetDict')).end();
          c.emit(i64(0), op.gset(G.ZW), i32(0), set(BASE), i32(pmStack), gs('PMTOP'), i32(calls), set(CT), i32(loops), set(LT));
          break;
        case 'pmap':
          c.emit(call('pushPmap'));
          break;
        case 'endpmap':
          c.emit(call('popPmap'));
          break;
        case 'tid':
          c.emit(get(START), set(TIDSTART), i32(entryOf(ins)), get(START), call('tidRead'), set(TIDV));
          break;
        case 'msg':
        case 'dyn': {
          // Routine entry of the template id: the dense table, else compared one by one.
          c.emit(i32(-1), set(ENTRY), get(TIDV), i32(jtSize), op.i32ltU);
          c.if().emit(get(TIDV), i32(2), op.i32shl, op.load32(jt), set(ENTRY));
          c.else();
          for (const [tid, entry] of program.jumpTable) {
            if (tid < jtSize) continue;
            c.emit(get(TIDV), i32(tid | 0), op.i32eq);
            c.if().emit(i32(entry), set(ENTRY)).end();
          }
          c.end();
          c.emit(get(ENTRY), i32(0), op.i32ltS);
          c.if().emit(fail(CODE.D9, get(TIDSTART))).end();
          if (ins.op === 'msg') c.emit(slotConst(FID.header, [...get(TIDV), ...op.i64extendU]));
          else if (ins.fid !== null) c.emit(slotConst(ins.fid, [...get(TIDV), ...op.i64extendU]));
          c.emit(get(CT), i32(callsEnd), op.i32geU);
          c.if().emit(op.unreachable).end();
          c.emit(get(CT), i32(k + 1), op.store32(0), get(CT), get(BASE), op.store32(4), get(CT), i32(8), op.i32add, set(CT));
          if (ins.op === 'dyn') c.emit(get(BASE), i32(ins.depth ?? 0), op.i32add, set(BASE));
          else c.emit(i32(0), set(BASE));
          c.emit(get(ENTRY), set(PC));
          c.br('disp');
          break;
        }
        case 'ret':
          c.emit(get(CT), i32(8), op.i32sub, tee(CT), op.load32(0), set(PC), get(CT), op.load32(4), set(BASE));
          c.br('disp');
          break;
        case 'enter':
          enterCheck(ins.depth ?? 0);
          break;
        case 'endref':
          c.emit(slotConst(FID.endNested, i64(0)));
          break;
        case 'eom':
          c.emit(i32(0), call('endMsg'), g('MSGS'), i32(1), op.i32add, gs('MSGS'));
          jump(ins.target);
          break;
        case 'group':
          if (ins.field?.optional) {
            c.emit(bit(), op.i32eqz);
            c.if();
            jump(ins.target);
            c.end();
          }
          enterCheck(ins.depth ?? 0);
          if (ins.fid !== null) c.emit(slotConst(ins.fid, i64(0)));
          break;
        case 'seq':
          c.emit(get(LT), i32(8), op.i32sub, op.load32(0), tee(LEFT), op.i32eqz);
          c.if().emit(get(LT), i32(8), op.i32sub, set(LT));
          jump(ins.target);
          c.end();
          c.emit(get(LT), i32(4), op.i32sub, op.load32(0), set(IDX));
          c.emit(get(LT), i32(8), op.i32sub, get(LEFT), i32(1), op.i32sub, op.store32(0), get(LT), i32(4), op.i32sub, get(IDX), i32(1), op.i32add, op.store32(0));
          if (ins.fid !== null) c.emit(slotConst(ins.fid, [...get(IDX), ...op.i64extendU]));
          break;
        case 'jmp':
          jump(ins.target);
          break;
        default:
          throw new WasmCompileError(`unknown opcode ${ins.op}`);
      }
    } else {
      fieldCode(c, ins, s.op, s.type);
    }
    const placed = options.rewrite ? options.rewrite({ fn: 'run', pc: k, ins }, c.bytes) : c.bytes;
    body.emit(placed);
  }
  body.emit(op.unreachable);
  body.end();
  body.emit(op.unreachable);

  function fieldCode(c: Code, ins: Instr, fop: FieldOp, type: VType): void {
    const tagName = TAG_OF[type];
    const tag = TAG[tagName];
    const optional = ins.field?.optional ?? false;
    const kc = konst(ins);
    const hasK = kc !== undefined;
    const flags = (hasK ? 1 : 0) | (optional ? 2 : 0) | (fop === 'incr' ? 4 : 0);
    const fail = (codeNo: number, at: number[]): number[] => [...i32(codeNo), ...at, ...call('fail')];
    const nul = (v: number): number[] => [...i32(v), ...gs('NULL')];
    const isInt = tagName === 'i32' || tagName === 'u32' || tagName === 'i64' || tagName === 'u64';
    const isStr = tagName === 'ascii' || tagName === 'uni' || tagName === 'bytes';
    const unsupported = (): never => {
      throw new WasmCompileError(`${ins.op} is not a FAST operator on this type`);
    };
    if (isInt) {
      const kv = hasK ? (kc.kind === 'int' ? kc.value : unsupported()) : 0n;
      const signed = tagName === 'i32' || tagName === 'i64';
      const plain = (): void => {
        // One byte (the stop bit set on the first): in range for every type, never overlong.
        c.emit(g('POS'), g('END'), op.i32ltU);
        c.if().emit(g('POS'), op.load8u(), set(X)).else().emit(i32(0), set(X)).end();
        c.emit(get(X), i32(0x80), op.i32and);
        c.if();
        c.emit(g('POS'), i32(1), op.i32add, gs('POS'), nul(0));
        if (signed) c.emit(get(X), i32(25), op.i32shl, i32(25), op.i32shrS, op.i64extendS, set(V));
        else c.emit(get(X), i32(0x7f), op.i32and, op.i64extendU, set(V));
        if (optional) {
          c.emit(get(V), op.i64eqz);
          c.if().emit(nul(1)).end();
          if (signed) c.emit(get(V), i64(0), op.i64gtS);
          else c.emit(get(V), i64(0), op.i64ne);
          c.if().emit(get(V), i64(1), op.i64sub, set(V)).end();
        }
        c.else();
        c.emit(call(optional ? (signed ? 'rdSN' : 'rdUN') : signed ? 'rdS' : 'rdU'), set(V));
        if (!optional) c.emit(nul(0));
        c.emit(g('NULL'), op.i32eqz);
        c.if().emit(outOfRange(tagName));
        c.if().emit(fail(CODE.D2, get(START))).end();
        c.end();
        c.end();
      };
      const konstOrNull = (): void => {
        if (hasK) c.emit(op.i64big(kv), set(V), nul(0));
        else if (optional) c.emit(nul(1));
        else c.emit(fail(CODE.S5, get(START)));
      };
      const e = (): number[] => i32(entryOf(ins));
      switch (fop) {
        case 'none':
          plain();
          break;
        case 'const':
          if (optional) {
            c.emit(bit());
            c.if();
            konstOrNull();
            c.else().emit(nul(1)).end();
          } else konstOrNull();
          break;
        case 'default':
          c.emit(bit());
          c.if();
          plain();
          c.else();
          konstOrNull();
          c.end();
          break;
        case 'copy':
        case 'incr':
          c.emit(bit());
          c.if();
          plain();
          c.emit(g('NULL'));
          c.if().emit(e(), i32(1), op.store8(12)).else().emit(e(), get(V), op.store64(0), e(), i32(2), op.store8(12), e(), i32(tag), op.store8(13)).end();
          c.else();
          // Fast path: the entry assigned with this type (no increment wrap to test for 64-bit types).
          c.emit(e(), op.load8u(12), i32(2), op.i32eq, e(), op.load8u(13), i32(tag), op.i32eq, op.i32and);
          c.if();
          c.emit(e(), op.load64(0), set(V), nul(0));
          if (fop === 'incr') {
            // §6.3.6: 32-bit types wrap at their own maximum (select keeps its first operand when the test holds).
            if (tagName === 'i32') c.emit(i64(-(2 ** 31)), get(V), i64(1), op.i64add, get(V), i64(2 ** 31 - 1), op.i64eq, op.select);
            else if (tagName === 'u32') c.emit(i64(0), get(V), i64(1), op.i64add, get(V), i64(0xffffffff), op.i64eq, op.select);
            else c.emit(get(V), i64(1), op.i64add);
            c.emit(set(V), e(), get(V), op.store64(0));
          }
          c.else();
          c.emit(e(), i32(tag), i32(flags), op.i64big(kv), get(START), call('prevInt'), set(V));
          c.end();
          c.end();
          break;
        case 'delta':
          // Fast path: a one-byte delta on an entry assigned with this type, the sum in range;
          // anything else goes to the helper from the same position.
          c.block('dd').block('slow');
          c.emit(g('POS'), g('END'), op.i32geU);
          c.brIf('slow');
          c.emit(g('POS'), op.load8u(), tee(X), i32(0x80), op.i32and, op.i32eqz);
          c.brIf('slow');
          c.emit(e(), op.load8u(12), i32(2), op.i32ne, e(), op.load8u(13), i32(tag), op.i32ne, op.i32or);
          c.brIf('slow');
          c.emit(get(X), i32(25), op.i32shl, i32(25), op.i32shrS, set(X));
          if (optional) {
            c.emit(get(X), op.i32eqz);
            c.if().emit(g('POS'), i32(1), op.i32add, gs('POS'), nul(1)).br('dd').end();
            c.emit(get(X), i32(0), op.i32gtS);
            c.if().emit(get(X), i32(1), op.i32sub, set(X)).end();
          }
          c.emit(e(), op.load64(0), tee(B), get(X), op.i64extendS, op.i64add, set(V));
          if (tagName === 'i32') c.emit(get(V), i64(-(2 ** 31)), op.i64ltS, get(V), i64(2 ** 31 - 1), op.i64gtS, op.i32or);
          else if (tagName === 'u32') c.emit(get(V), i64(0), op.i64ltS, get(V), i64(0xffffffff), op.i64gtS, op.i32or);
          else if (tagName === 'i64') c.emit(get(X), i32(0), op.i32gtS, get(V), get(B), op.i64ltS, op.i32and, get(X), i32(0), op.i32ltS, get(V), get(B), op.i64gtS, op.i32and, op.i32or);
          else c.emit(get(X), i32(0), op.i32gtS, get(V), get(B), op.i64ltU, op.i32and, get(X), i32(0), op.i32ltS, get(V), get(B), op.i64gtU, op.i32and, op.i32or);
          c.brIf('slow');
          c.emit(g('POS'), i32(1), op.i32add, gs('POS'), e(), get(V), op.store64(0), nul(0));
          c.br('dd');
          c.end();
          c.emit(e(), i32(tag), i32(flags), op.i64big(kv), get(START), call('deltaInt'), set(V));
          c.end();
          break;
        default:
          unsupported();
      }
      if (type === 'len') {
        c.emit(g('NULL'));
        c.if();
        c.emit(i32(ins.target ?? unsupported()), set(PC));
        c.br('disp');
        c.end();
        c.emit(get(BASE), i32(ins.depth ?? 0), op.i32add, i32(maxDepth), op.i32gtS);
        c.if().emit(fail(CODE.D1, get(START))).end();
        if (!ins.zeroWidth) {
          c.emit(get(V), g('END'), g('POS'), op.i32sub, op.i64extendU, op.i64gtU);
          c.if().emit(fail(CODE.D1, get(START))).end();
        } else {
          c.emit(op.gget(G.ZW), get(V), op.i64add, op.gset(G.ZW), op.gget(G.ZW), i64(65536), op.i64gtU);
          c.if().emit(fail(CODE.D1, get(START))).end();
        }
        if (ins.fid !== null) c.emit(slotInline(ins.fid, get(V)));
        c.emit(get(LT), i32(loopsEnd), op.i32geU);
        c.if().emit(op.unreachable).end();
        c.emit(get(LT), get(V), op.i32wrap, op.store32(0), get(LT), i32(0), op.store32(4), get(LT), i32(8), op.i32add, set(LT));
      } else if (type === 'exp') {
        c.emit(g('NULL'));
        c.if();
        c.emit(i32(ins.target ?? unsupported()), set(PC));
        c.br('disp');
        c.end();
        c.emit(get(V), i64(-63), op.i64ltS, get(V), i64(63), op.i64gtS, op.i32or);
        c.if().emit(fail(CODE.R1, get(START))).end();
        c.emit(get(V), op.i32wrap, gs('E'));
      } else if (type === 'mant') {
        if (ins.fid !== null) c.emit(slotInline(ins.fid, [...g('E'), ...op.i64extendS]), slotInline(FID.continuation, get(V)));
      } else if (ins.fid !== null) {
        c.emit(g('NULL'), op.i32eqz);
        c.if().emit(slotInline(ins.fid, get(V))).end();
      }
      return;
    }
    if (tagName === 'dec') {
      let ke = 0;
      let km = 0n;
      if (hasK) {
        if (kc.kind !== 'dec') unsupported();
        else {
          ke = kc.exponent;
          km = kc.mantissa;
        }
      }
      const e = (): number[] => i32(entryOf(ins));
      const plain = (): void => {
        c.emit(i32(optional ? 1 : 0), call('pdec'), set(V));
      };
      const konstOrNull = (): void => {
        if (hasK) c.emit(i32(ke), gs('E'), op.i64big(km), set(V), nul(0));
        else if (optional) c.emit(nul(1));
        else c.emit(fail(CODE.S5, get(START)));
      };
      switch (fop) {
        case 'none':
          plain();
          break;
        case 'const':
          if (optional) {
            c.emit(bit());
            c.if();
            konstOrNull();
            c.else().emit(nul(1)).end();
          } else konstOrNull();
          break;
        case 'default':
          c.emit(bit());
          c.if();
          plain();
          c.else();
          konstOrNull();
          c.end();
          break;
        case 'copy':
          c.emit(bit());
          c.if();
          plain();
          c.emit(g('NULL'));
          c.if().emit(e(), i32(1), op.store8(12));
          c.else().emit(e(), get(V), op.store64(0), e(), g('E'), op.store32(8), e(), i32(2), op.store8(12), e(), i32(TAG.dec), op.store8(13)).end();
          c.else();
          c.emit(e(), i32(flags), i32(ke), op.i64big(km), get(START), call('prevDec'), set(V));
          c.end();
          break;
        case 'delta':
          c.emit(e(), i32(flags), i32(ke), op.i64big(km), get(START), call('deltaDec'), set(V));
          break;
        default:
          unsupported();
      }
      if (ins.fid !== null) {
        c.emit(g('NULL'), op.i32eqz);
        c.if().emit(slotInline(ins.fid, [...g('E'), ...op.i64extendS]), slotInline(FID.continuation, get(V))).end();
      }
      return;
    }
    if (!isStr) unsupported();
    let kp = 0;
    let kl = 0;
    if (hasK) {
      if (kc.kind === 'int' || kc.kind === 'dec') unsupported();
      else {
        kp = kaddr.get(ins.k!)!;
        kl = kc.value.length;
      }
    }
    const e = (): number[] => i32(entryOf(ins));
    const plain = (): void => {
      if (tagName !== 'ascii') {
        c.emit(i32(optional ? 1 : 0), call('pbytes'));
        return;
      }
      // A one-byte ascii field inline: 0x80 is the empty string (NULL when optional), else one character.
      c.emit(g('POS'), g('END'), op.i32ltU);
      c.if().emit(g('POS'), op.load8u(), set(X)).else().emit(i32(0), set(X)).end();
      c.emit(get(X), i32(0x80), op.i32and);
      c.if();
      c.emit(g('POS'), gs('SA'), g('POS'), i32(1), op.i32add, gs('POS'), nul(0));
      if (optional) {
        c.emit(get(X), i32(0x80), op.i32eq);
        c.if().emit(nul(1)).else().emit(i32(1), gs('SL')).end();
      } else c.emit(get(X), i32(0x80), op.i32ne, gs('SL'));
      c.else();
      c.emit(i32(optional ? 1 : 0), call('pasc'));
      c.end();
    };
    /** setStr with a short value inline: 8 bytes stored at the arena top (the arena keeps 16 spare bytes). */
    const store = (): number[] => {
      const k = new Code();
      k.emit(g('SL'), i32(8), op.i32leU, g('ATOP'), i32(8), op.i32add, g('AEND'), op.i32leU, op.i32and);
      k.if();
      k.emit(g('ATOP'), g('SA'), op.load64());
      if (tagName === 'ascii') k.emit(op.i64big(0x7f7f7f7f7f7f7f7fn), op.i64and);
      k.emit(op.store64(0), e(), g('ATOP'), op.store32(0), e(), g('SL'), op.store32(4), e(), i32(2), op.store8(12), e(), i32(tag), op.store8(13));
      k.emit(g('ATOP'), gs('SA'), g('ATOP'), g('SL'), op.i32add, gs('ATOP'));
      k.else().emit(e(), i32(tag), call('setStr')).end();
      return k.bytes;
    };
    const konstOrNull = (): void => {
      if (hasK) c.emit(i32(kp), gs('SA'), i32(kl), gs('SL'), nul(0));
      else if (optional) c.emit(nul(1));
      else c.emit(fail(CODE.S5, get(START)));
    };
    const prev = (): number[] => [...e(), ...i32(tag), ...i32(flags), ...i32(kp), ...i32(kl), ...get(START), ...call('prevStr')];
    switch (fop) {
      case 'none':
        plain();
        break;
      case 'const':
        if (optional) {
          c.emit(bit());
          c.if();
          konstOrNull();
          c.else().emit(nul(1)).end();
        } else konstOrNull();
        break;
      case 'default':
        c.emit(bit());
        c.if();
        plain();
        c.else();
        konstOrNull();
        c.end();
        break;
      case 'copy':
        c.emit(bit());
        c.if();
        plain();
        c.emit(g('NULL'));
        c.if().emit(e(), i32(1), op.store8(12)).else().emit(store()).end();
        c.else().emit(prev()).end();
        break;
      case 'tail':
        c.emit(bit());
        c.if().emit(e(), i32(tag), i32(flags), i32(kp), i32(kl), get(START), call('tailStr'));
        c.else().emit(prev()).end();
        break;
      case 'delta':
        c.emit(e(), i32(tag), i32(flags), i32(kp), i32(kl), get(START), call('deltaStr'));
        break;
      default:
        unsupported();
    }
    c.emit(g('NULL'), op.i32eqz);
    c.if();
    if (tagName === 'uni') {
      c.emit(g('SA'), g('SL'), op.call(2), op.i32eqz);
      c.if().emit(fail(CODE.R2, get(START))).end();
    }
    if (ins.fid !== null) {
      if (fop === 'const' && hasK && kc.kind !== 'int' && kc.kind !== 'dec') c.emit(constantSlots(ins.fid, kc.value));
      else {
        // Up to 8 bytes inline: (fid, length), then one continuation slot unless empty.
        const word = [...g('SA'), ...op.load64(), ...i64(-1), ...i64(64), ...g('SL'), ...i32(3), ...op.i32shl, ...op.i64extendU, ...op.i64sub, ...op.i64shrU, ...op.i64and];
        if (tagName === 'ascii') word.push(...op.i64big(0x7f7f7f7f7f7f7f7fn), ...op.i64and);
        c.emit(g('SL'), i32(8), op.i32leU);
        c.if().emit(slotInline(ins.fid, [...g('SL'), ...op.i64extendU]), g('SL'));
        c.if().emit(slotInline(FID.continuation, word)).end();
        c.else().emit(i32(ins.fid), i32(tagName === 'ascii' ? 1 : 0), call('writeStr')).end();
      }
    }
    c.end();
  }

  const run = { name: 'run', params: [I32], results: [I32], locals: [I32, I32, I32, I32, I32, I32, I32, I64, I32, I32, I32, I32, I64], body: body.bytes, exported: true };
  const globalNames = Object.keys(G) as (keyof typeof G)[];
  const bytes = buildModule({
    imports: [
      { module: 'env', name: 'flush', params: [], results: [] },
      { module: 'env', name: 'arena', params: [I32], results: [I32] },
      { module: 'env', name: 'utf8', params: [I32, I32], results: [I32] },
    ],
    functions: [...rt.fns.map((f) => (options.rewrite ? { ...f, body: options.rewrite({ fn: f.name }, f.body) } : f)), run],
    globals: GLOBAL_TYPES.map((type) => ({ type, init: 0 })),
    exportedGlobals: globalNames.map((name) => ({ name: name.toLowerCase(), index: G[name] })),
    minPages: Math.ceil((inBase + 65536) / 65536),
    maxPages: 65536,
  });
  const jtEntries = [...program.jumpTable].filter(([tid]) => tid < jtSize);
  return { bytes, layout, strings, jtEntries };
}
