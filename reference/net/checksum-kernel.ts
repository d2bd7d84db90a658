import { I32, I64, op, wasmModule, type WasmFunction } from '../wasm/wasm-asm.ts';
import { crcTables } from './crc-tables.ts';

/**
 * CRC-32 (slice-by-16) and the folded Internet checksum as a small WebAssembly module, built
 * by reference/wasm/wasm-asm.ts from the instructions below. Why not JS: a typed-array byte load costs a
 * bounds check and the loop cannot read 4 bytes at once without allocating a view per frame
 * (measured on the bench VM, 124 bytes: JS slice-by-8 / slice-by-16 / split tables ~230 ns,
 * DataView ~330, Int32Array view ~275; the wasm loop ~60 ns, since it reads words with
 * unchecked loads). The price is one copy of the frame into wasm memory (~30 ns for 128
 * bytes), so callers copy a frame once and then run every sum over it (FrameScratch).
 *
 * Memory (2 pages): [0, 16 KiB) the 16 CRC tables; region A (FrameScratch: the frame being
 * received) and region B (one-off calls) of REGION bytes each. Anything larger falls back to JS.
 */
const TABLES_BYTES = 16 * 256 * 4;
export const REGION = 57344;
const REGION_A = TABLES_BYTES;
const REGION_B = TABLES_BYTES + REGION;
const PAGES = 2;

// Locals of crc(p, end): c is the running register, a/w1/w2/w3 the 16 bytes of one step.
const [P, END, C, A, W1, W2, W3] = [0, 1, 2, 3, 4, 5, 6];

/** Table s (0..15) at entry = byte k (0..3) of the word in local w: T_s[byte] sits at s*1024 + 4*byte. */
function lookup(s: number, w: number, k: number): number[] {
  const index = k === 0 ? [...op.i32(2), ...op.i32shl] : [...op.i32(8 * k - 2), ...op.i32shrU];
  return [...op.get(w), ...index, ...op.i32(1020), ...op.i32and, ...op.load32(s * 1024)];
}

/** p += n */
const advance = (n: number): number[] => [...op.get(P), ...op.i32(n), ...op.i32add, ...op.set(P)];
/** Leaves the enclosing block (depth 1 from inside its loop) when end - p < n. */
const exitIfFewer = (n: number): number[] => [...op.get(END), ...op.get(P), ...op.i32sub, ...op.i32(n), ...op.i32ltU, ...op.brIf(1)];

/**
 * One slice-by-(4 × words) step over the next 4 × words bytes at p: byte j of the step goes
 * through table (4 × words - 1 - j); the first word is XORed with the register.
 */
function crcStep(words: number): number[] {
  const locals = [A, W1, W2, W3].slice(0, words);
  return [
    ...op.get(P), ...op.load32(0), ...op.get(C), ...op.i32xor, ...op.set(A),
    ...locals.slice(1).flatMap((w, n) => [...op.get(P), ...op.load32(4 * (n + 1)), ...op.set(w)]),
    ...locals.flatMap((w, n) => [0, 1, 2, 3].flatMap((k) => [...lookup(4 * words - 1 - 4 * n - k, w, k), ...(n + k > 0 ? op.i32xor : [])])),
    ...op.set(C),
    ...advance(4 * words),
  ];
}

/** if (end - p >= n) { ...code } */
const ifAtLeast = (n: number, code: number[]): number[] => [
  ...op.get(END), ...op.get(P), ...op.i32sub, ...op.i32(n), ...op.i32geU, ...op.if, ...code, ...op.end,
];

const crcFn: WasmFunction = {
  name: 'crc',
  params: [I32, I32],
  results: [I32],
  locals: [I32, I32, I32, I32, I32],
  body: [
    ...op.i32(-1),
    ...op.set(C),
    // 16 bytes per step (slice-by-16), then at most one 8-byte and one 4-byte step: a byte-wise
    // tail is a serial chain of dependent loads, several times slower per byte.
    ...op.block,
    ...op.loop,
    ...exitIfFewer(16),
    ...crcStep(4),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...ifAtLeast(8, crcStep(2)),
    ...ifAtLeast(4, crcStep(1)),
    // The last 0..3 bytes one at a time.
    ...op.block,
    ...op.loop,
    ...exitIfFewer(1),
    ...op.get(C), ...op.get(P), ...op.load8u(), ...op.i32xor, ...op.i32(255), ...op.i32and, ...op.i32(2), ...op.i32shl, ...op.load32(0),
    ...op.get(C), ...op.i32(8), ...op.i32shrU, ...op.i32xor, ...op.set(C),
    ...advance(1),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(C), ...op.i32(-1), ...op.i32xor,
  ],
};

// Locals of sum(p, end, initial): s accumulates little-endian 32-bit words in 64 bits, t is the result.
const [INITIAL, S, T] = [2, 3, 4];
const addWord = (at: number): number[] => [...op.get(P), ...op.load64_32u(at), ...op.i64add];
/**
 * Folds local `v` towards 16 bits with end-around carry, `steps` times: v = (v & 0xffff) + (v >> 16).
 * A fixed count instead of a loop (no branch to mispredict); the counts below follow from the
 * bounds the JS side enforces (see sumFn). Each step keeps a non-zero value non-zero.
 */
function fold(v: number, wide: boolean, steps: number): number[] {
  const [k, and, shr, add] = wide ? [op.i64, op.i64and, op.i64shrU, op.i64add] : [op.i32, op.i32and, op.i32shrU, op.i32add];
  const step = [...op.get(v), ...k(0xffff), ...and, ...op.get(v), ...k(16), ...shr, ...add, ...op.set(v)];
  return Array.from({ length: steps }, () => step).flat();
}

/**
 * fold16(sum16(bytes, p, end, initial)) of checksum.ts. One's complement addition does not care
 * about byte order (RFC 1071 §2(B)), so the loop adds little-endian 32-bit words — each is two
 * little-endian 16-bit words modulo 0xffff — and the folded result is byte-swapped at the end.
 * A trailing odd byte is the high byte of a big-endian word: the low byte of a little-endian one.
 * Bounds: at most REGION / 4 words, so s < 2^46 and three folds reach 16 bits
 * (< 2^30 + 2^16, < 2^16 + 2^14 + 1, <= 0xffff); initial < 2^24, so two more suffice for t.
 */
const sumFn: WasmFunction = {
  name: 'sum',
  params: [I32, I32, I32],
  results: [I32],
  locals: [I64, I32],
  body: [
    ...op.block, ...op.loop,
    ...exitIfFewer(16),
    ...op.get(S), ...addWord(0), ...addWord(4), ...addWord(8), ...addWord(12), ...op.set(S),
    ...advance(16),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.block, ...op.loop,
    ...exitIfFewer(4),
    ...op.get(S), ...addWord(0), ...op.set(S),
    ...advance(4),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.get(END), ...op.get(P), ...op.i32sub, ...op.i32(2), ...op.i32geU, ...op.if,
    ...op.get(S), ...op.get(P), ...op.load64_16u(), ...op.i64add, ...op.set(S),
    ...advance(2),
    ...op.end,
    ...op.get(P), ...op.get(END), ...op.i32ltU, ...op.if,
    ...op.get(S), ...op.get(P), ...op.load64_8u(), ...op.i64add, ...op.set(S),
    ...op.end,
    ...fold(S, true, 3),
    // t = byteswap16(s) + initial, folded again.
    ...op.get(S), ...op.i32wrap, ...op.tee(T), ...op.i32(8), ...op.i32shl, ...op.i32(0xff00), ...op.i32and,
    ...op.get(T), ...op.i32(8), ...op.i32shrU, ...op.i32or, ...op.get(INITIAL), ...op.i32add, ...op.set(T),
    ...fold(T, false, 2),
    ...op.get(T),
  ],
};

/** fcs(p, end): 1 when the 4 bytes at end hold crc(p, end) least significant byte first, else 0. */
const fcsFn: WasmFunction = {
  name: 'fcs',
  params: [I32, I32],
  results: [I32],
  locals: [],
  body: [...op.get(P), ...op.get(END), ...op.call(0), ...op.get(END), ...op.load32(0), ...op.i32eq],
};

/** The module's bytes (exported for tests that want to inspect or re-instantiate it). */
export const KERNEL_WASM = wasmModule(PAGES, [crcFn, sumFn, fcsFn]);

interface Kernel {
  readonly mem: Uint8Array;
  readonly crc: (p: number, end: number) => number;
  readonly sum: (p: number, end: number, initial: number) => number;
  readonly fcs: (p: number, end: number) => number;
}

/** Minimal typing of the global (lib ES2022 does not declare WebAssembly). */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}


function instantiate(): Kernel | null {
  const W = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!W) return null;
  const exports = new W.Instance(new W.Module(KERNEL_WASM), {}).exports;
  const memory = exports['memory'] as { buffer: ArrayBuffer };
  const mem = new Uint8Array(memory.buffer);
  // Wasm memory is little-endian, as is every platform Node runs on; a byte copy keeps it exact anyway.
  const t = crcTables(16);
  mem.set(new Uint8Array(t.buffer, 0, TABLES_BYTES), 0);
  if (new Int32Array(memory.buffer, 0, 1)[0] !== t[0] || new DataView(memory.buffer).getInt32(4, true) !== t[1]) return null;
  return { mem, crc: exports['crc'] as Kernel['crc'], sum: exports['sum'] as Kernel['sum'], fcs: exports['fcs'] as Kernel['fcs'] };
}

// Module constants rather than properties of one object: the hot callers load nothing per call.
const K = instantiate();
const ON = K !== null;
const MEM = K?.mem ?? new Uint8Array(0);
const CRC = K?.crc ?? (() => 0);
const SUM = K?.sum ?? (() => 0);
const FCS = K?.fcs ?? (() => 0);

/** Called through .call: ~7 ns less per copy than MEM.set(...) in V8 11 (Node 20), measured. */
const setBytes = Uint8Array.prototype.set;

/** The pseudo-header and other initial sums the kernel accepts: integers in [0, 2^24). */
const initialOk = (initial: number): boolean => (initial & 0xffffff) === initial;

/** Below this many bytes the copy into wasm memory costs more than the JS loop saves. */
export const MIN_WASM_BYTES = 24;

/** True when [start, end) of bytes can go through the kernel (else the caller uses JS). */
function fits(bytes: Uint8Array, start: number, end: number): boolean {
  return ON && bytes.length <= REGION && start >= 0 && end <= bytes.length && end - start >= MIN_WASM_BYTES;
}

/** CRC-32 of bytes[start, end) via the kernel, or -1 when it cannot take them. */
export function kernelCrc32(bytes: Uint8Array, start: number, end: number): number {
  if (!fits(bytes, start, end)) return -1;
  setBytes.call(MEM, bytes, REGION_B);
  return CRC(REGION_B + start, REGION_B + end) >>> 0;
}

/** fold16(sum16(bytes, start, end, initial)) via the kernel, or -1 when it cannot take them. */
export function kernelSumFolded(bytes: Uint8Array, start: number, end: number, initial: number): number {
  if (!fits(bytes, start, end) || !initialOk(initial)) return -1;
  setBytes.call(MEM, bytes, REGION_B);
  return SUM(REGION_B + start, REGION_B + end, initial);
}

/** Which FrameScratch last copied its frame into region A. */
let regionOwner: FrameScratch | null = null;

/**
 * One frame copied once into region A, then any number of CRCs and sums over it. reset()
 * before each new frame (the same Uint8Array may be refilled by the caller between frames).
 * Each method returns -1 when the kernel cannot take the frame: the caller then uses JS.
 */
export class FrameScratch {
  private frame: Uint8Array | null = null;

  reset(): void {
    this.frame = null;
  }

  crc32(b: Uint8Array, start: number, end: number): number {
    if ((this.frame !== b || regionOwner !== this) && !this.copy(b)) return -1;
    if (start < 0 || end > b.length || start > end) return -1;
    return CRC(REGION_A + start, REGION_A + end) >>> 0;
  }

  /** 1 when b[end, end+4) is the FCS of b[0, end), 0 when not; -1: use JS. */
  fcsValid(b: Uint8Array, end: number): number {
    if ((this.frame !== b || regionOwner !== this) && !this.copy(b)) return -1;
    if (end < 0 || end + 4 > b.length) return -1;
    return FCS(REGION_A, REGION_A + end);
  }

  sumFolded(b: Uint8Array, start: number, end: number, initial: number): number {
    if ((this.frame !== b || regionOwner !== this) && !this.copy(b)) return -1;
    if (start < 0 || end > b.length || start > end || !initialOk(initial)) return -1;
    return SUM(REGION_A + start, REGION_A + end, initial);
  }

  /** Kept apart from the checks above so that those stay small enough for V8 to inline. */
  private copy(b: Uint8Array): boolean {
    if (!ON || b.length > REGION) return false;
    setBytes.call(MEM, b, REGION_A);
    this.frame = b;
    regionOwner = this;
    return true;
  }
}
