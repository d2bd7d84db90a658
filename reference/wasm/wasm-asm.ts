/**
 * A minimal WebAssembly binary writer (core spec 2.0, §5): the sections and opcodes the net
 * checksum kernel and the FPGA wasm engine need, so that their modules are readable source here
 * rather than opaque blobs or a new dependency. Instructions are plain byte arrays; `op.*` builds
 * them. `wasmModule` writes the checksum kernel's fixed-size module; `ModuleBuilder` adds
 * imports, globals and a growable memory, and `Code` tracks named blocks so that branch depths
 * are computed, not counted by hand.
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

/** Signed LEB128 of any 64-bit value (two's complement: 2^63..2^64-1 are written as negatives). */
export function slebBig(v: bigint): number[] {
  let n = BigInt.asIntN(64, v);
  const out: number[] = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

type Bytes = number[];
const memarg = (align: number, offset: number): Bytes => [align, ...uleb(offset)];

/** Instructions (each returns its encoding; nest them by spreading). */
export const op = {
  get: (i: number): Bytes => [0x20, ...uleb(i)],
  set: (i: number): Bytes => [0x21, ...uleb(i)],
  tee: (i: number): Bytes => [0x22, ...uleb(i)],
  gget: (i: number): Bytes => [0x23, ...uleb(i)],
  gset: (i: number): Bytes => [0x24, ...uleb(i)],
  i32: (n: number): Bytes => [0x41, ...sleb(n)],
  i64: (n: number): Bytes => [0x42, ...sleb(n)],
  i64big: (n: bigint): Bytes => [0x42, ...slebBig(n)],
  /** Loads with a constant address offset (the table slice is folded into it). */
  load32: (offset = 0): Bytes => [0x28, ...memarg(2, offset)],
  load64: (offset = 0): Bytes => [0x29, ...memarg(3, offset)],
  load8u: (offset = 0): Bytes => [0x2d, ...memarg(0, offset)],
  load64_8u: (offset = 0): Bytes => [0x31, ...memarg(0, offset)],
  load64_16u: (offset = 0): Bytes => [0x33, ...memarg(1, offset)],
  load64_32u: (offset = 0): Bytes => [0x35, ...memarg(2, offset)],
  store32: (offset = 0): Bytes => [0x36, ...memarg(2, offset)],
  store64: (offset = 0): Bytes => [0x37, ...memarg(3, offset)],
  store8: (offset = 0): Bytes => [0x3a, ...memarg(0, offset)],
  /** memory.fill / memory.copy (bulk memory), on memory 0. */
  fill: [0xfc, ...uleb(11), 0x00],
  memSize: [0x3f, 0x00],
  copy: [0xfc, ...uleb(10), 0x00, 0x00],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  unreachable: [0x00],
  return: [0x0f],
  drop: [0x1a],
  select: [0x1b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  brTable: (depths: readonly number[], otherwise: number): Bytes => [0x0e, ...uleb(depths.length), ...depths.flatMap(uleb), ...uleb(otherwise)],
  call: (fn: number): Bytes => [0x10, ...uleb(fn)],
  i32eqz: [0x45],
  i32eq: [0x46],
  i32ne: [0x47],
  i32ltS: [0x48],
  i32ltU: [0x49],
  i32gtS: [0x4a],
  i32gtU: [0x4b],
  i32leS: [0x4c],
  i32leU: [0x4d],
  i32geS: [0x4e],
  i32geU: [0x4f],
  i64eqz: [0x50],
  i64eq: [0x51],
  i64ne: [0x52],
  i64ltS: [0x53],
  i64ltU: [0x54],
  i64gtS: [0x55],
  i64gtU: [0x56],
  i64leS: [0x57],
  i64leU: [0x58],
  i64geS: [0x59],
  i64geU: [0x5a],
  i32add: [0x6a],
  i32sub: [0x6b],
  i32mul: [0x6c],
  i32divU: [0x6e],
  i32remU: [0x70],
  i32and: [0x71],
  i32or: [0x72],
  i32xor: [0x73],
  i32shl: [0x74],
  i32shrS: [0x75],
  i32shrU: [0x76],
  i64add: [0x7c],
  i64sub: [0x7d],
  i64and: [0x83],
  i64or: [0x84],
  i64xor: [0x85],
  i64shl: [0x86],
  i64shrS: [0x87],
  i64shrU: [0x88],
  i32wrap: [0xa7],
  i64extendS: [0xac],
  i64extendU: [0xad],
  i64extend32S: [0xc4],
};

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Types of the locals after the parameters. */
  readonly locals: readonly number[];
  readonly body: Bytes;
}

const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const section = (id: number, content: Bytes): Bytes => [id, ...uleb(content.length), ...content];
const name = (s: string): Bytes => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module with one exported memory ("memory", `pages` of 64 KiB) and the exported functions. */
export function wasmModule(pages: number, fns: readonly WasmFunction[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const bodies = fns.map((f) => {
    const locals = vec(f.locals.map((t) => [1, t]));
    const b = [...locals, ...f.body, 0x0b];
    return [...uleb(b.length), ...b];
  });
  return Uint8Array.from([
    ...MAGIC,
    ...section(1, vec(types)),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x01, ...uleb(pages), ...uleb(pages)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(bodies)),
  ]);
}

/** An instruction sequence with named blocks: `br('name')` is resolved to its depth. */
export class Code {
  readonly bytes: number[] = [];
  private readonly labels: (string | null)[];

  /** `outer`: the blocks this code will be placed inside (outermost first), for branch depths. */
  constructor(outer: readonly (string | null)[] = []) {
    this.labels = [...outer];
  }

  emit(...parts: Bytes[]): this {
    for (const p of parts) for (const b of p) this.bytes.push(b);
    return this;
  }

  block(label: string | null = null): this {
    this.labels.push(label);
    return this.emit(op.block);
  }

  loop(label: string | null = null): this {
    this.labels.push(label);
    return this.emit(op.loop);
  }

  /** `if` consuming the i32 on the stack. */
  if(label: string | null = null): this {
    this.labels.push(label);
    return this.emit(op.if);
  }

  else(): this {
    return this.emit(op.else);
  }

  end(): this {
    if (this.labels.pop() === undefined) throw new Error('wasm-asm: end without block');
    return this.emit(op.end);
  }

  depth(label: string): number {
    const i = this.labels.lastIndexOf(label);
    if (i < 0) throw new Error(`wasm-asm: no enclosing block "${label}"`);
    return this.labels.length - 1 - i;
  }

  br(label: string): this {
    return this.emit(op.br(this.depth(label)));
  }

  brIf(label: string): this {
    return this.emit(op.brIf(this.depth(label)));
  }

  brTable(labels: readonly string[], otherwise: string): this {
    return this.emit(op.brTable(labels.map((l) => this.depth(l)), this.depth(otherwise)));
  }

  get open(): number {
    return this.labels.length;
  }
}

export interface ImportedFunction {
  readonly module: string;
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
}

export interface GlobalDef {
  readonly type: number;
  readonly init: number;
}

/**
 * A module with imported functions (indices 0..imports-1, then the defined functions in order),
 * mutable globals, and one exported memory of `minPages` that may grow to `maxPages`.
 */
export function buildModule(spec: {
  readonly imports: readonly ImportedFunction[];
  readonly functions: readonly (WasmFunction & { readonly exported?: boolean })[];
  readonly globals: readonly GlobalDef[];
  /** Globals exported by name (WebAssembly.Global objects on the host side). */
  readonly exportedGlobals?: readonly { readonly name: string; readonly index: number }[];
  readonly minPages: number;
  readonly maxPages: number;
}): Uint8Array {
  const sigs: string[] = [];
  const sigOf = (params: readonly number[], results: readonly number[]): number => {
    const key = `${params.join(',')}:${results.join(',')}`;
    let i = sigs.indexOf(key);
    if (i < 0) i = sigs.push(key) - 1;
    return i;
  };
  const importTypes = spec.imports.map((f) => sigOf(f.params, f.results));
  const fnTypes = spec.functions.map((f) => sigOf(f.params, f.results));
  const types = sigs.map((k) => {
    const [p, r] = k.split(':') as [string, string];
    const list = (s: string): Bytes[] => (s === '' ? [] : s.split(',').map((t) => [Number(t)]));
    return [0x60, ...vec(list(p)), ...vec(list(r))];
  });
  const bodies = spec.functions.map((f) => {
    // Locals run-length encoded by type.
    const groups: Bytes[] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...uleb(j - i), f.locals[i]!]);
      i = j;
    }
    const b = [...vec(groups), ...f.body, 0x0b];
    return [...uleb(b.length), ...b];
  });
  const n = spec.imports.length;
  const exports: Bytes[] = [[...name('memory'), 0x02, 0]];
  spec.functions.forEach((f, i) => {
    if (f.exported) exports.push([...name(f.name), 0x00, ...uleb(n + i)]);
  });
  for (const g of spec.exportedGlobals ?? []) exports.push([...name(g.name), 0x03, ...uleb(g.index)]);
  const out = [
    ...MAGIC,
    ...section(1, vec(types)),
    ...section(2, vec(spec.imports.map((f, i) => [...name(f.module), ...name(f.name), 0x00, ...uleb(importTypes[i]!)]))),
    ...section(3, vec(fnTypes.map((t) => uleb(t)))),
    ...section(5, vec([[0x01, ...uleb(spec.minPages), ...uleb(spec.maxPages)]])),
    ...section(6, vec(spec.globals.map((g) => [g.type, 0x01, ...(g.type === I64 ? op.i64(g.init) : op.i32(g.init)), 0x0b]))),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
    // The "name" custom section (function names, for profiles and stack traces).
    ...section(0, [...name('name'), ...section(1, vec(spec.functions.map((f, i) => [...uleb(n + i), ...name(f.name)])))]),
  ];
  return Uint8Array.from(out);
}
