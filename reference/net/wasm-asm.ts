/**
 * A minimal WebAssembly binary writer (core spec 1.0, §5): just the sections and opcodes the
 * net checksum kernel needs, so that its module is readable source here rather than an opaque
 * blob or a new dependency. Instructions are plain byte arrays; `op.*` builds them.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32/i64 constants within the safe-integer range). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n = Math.floor(n / 128);
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

type Code = number[];
const memarg = (align: number, offset: number): Code => [align, ...uleb(offset)];

/** Instructions (each returns its encoding; nest them by spreading). */
export const op = {
  get: (i: number): Code => [0x20, ...uleb(i)],
  set: (i: number): Code => [0x21, ...uleb(i)],
  tee: (i: number): Code => [0x22, ...uleb(i)],
  i32: (n: number): Code => [0x41, ...sleb(n)],
  i64: (n: number): Code => [0x42, ...sleb(n)],
  /** Loads with a constant address offset (the table slice is folded into it). */
  load32: (offset = 0): Code => [0x28, ...memarg(2, offset)],
  load8u: (offset = 0): Code => [0x2d, ...memarg(0, offset)],
  load64_8u: (offset = 0): Code => [0x31, ...memarg(0, offset)],
  load64_16u: (offset = 0): Code => [0x33, ...memarg(1, offset)],
  load64_32u: (offset = 0): Code => [0x35, ...memarg(2, offset)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number): Code => [0x0c, ...uleb(depth)],
  call: (fn: number): Code => [0x10, ...uleb(fn)],
  brIf: (depth: number): Code => [0x0d, ...uleb(depth)],
  i32eq: [0x46],
  i32ltU: [0x49],
  i32geU: [0x4f],
  i32add: [0x6a],
  i32sub: [0x6b],
  i32and: [0x71],
  i32or: [0x72],
  i32xor: [0x73],
  i32shl: [0x74],
  i32shrU: [0x76],
  i64add: [0x7c],
  i64and: [0x83],
  i64shrU: [0x88],
  i32wrap: [0xa7],
};

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Types of the locals after the parameters. */
  readonly locals: readonly number[];
  readonly body: Code;
}

const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
const name = (s: string): Code => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** A module with one exported memory ("memory", `pages` of 64 KiB) and the exported functions. */
export function wasmModule(pages: number, fns: readonly WasmFunction[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const bodies = fns.map((f) => {
    const locals = vec(f.locals.map((t) => [1, t]));
    const b = [...locals, ...f.body, 0x0b];
    return [...uleb(b.length), ...b];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x01, ...uleb(pages), ...uleb(pages)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(bodies)),
  ]);
}
