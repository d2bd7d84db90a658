import { ASSIGNED, ASSIGNED_NUM, type Tag } from './dictionary-file.ts';
import { FID, type Const, type Instr, type Program } from './isa.ts';

/**
 * Code generation for the JIT fast path (jit.ts): one JavaScript function per template routine.
 *
 * Control flow. The compiler emits well-nested code — forward jumps skip optional parts, a
 * backward `jmp` closes a sequence loop — so a routine is normally translated into structured
 * JavaScript: each forward jump target closes a labelled block (`break Ln`), each loop is a
 * labelled `for (;;)`, and each presence-map segment (`pmap` … `endpmap`) gets its own local
 * registers. A routine that does not nest (a hand-written listing, say) falls back to a
 * `for (;;) switch (pc)` over instruction indices; both forms are proved equal to the
 * interpreter by the same properties.
 *
 * Data. Integers of every length are read inline in number arithmetic: exact for 32-bit types
 * (a value that outgrows 2^53 has already failed its range check), exact for 64-bit types while
 * |v| < 2^53, with the rest handed to the runtime (bigint, or the (hi, lo) halves for a plain
 * uInt64). Ring slots are written inline into the DMA writer's open record (DmaWriter.slotN /
 * base / spill()).
 */

/** Integer limits of the JIT's number forms (shared with the runtime, jit.ts). */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;
export const UINT32_MAX = 2 ** 32 - 1;
export const EXACT = 2 ** 53;
/** Number accumulation stays exact while |v| < 2^46 before a step (v * 128 + 127 < 2^53). */
export const SAFE = 2 ** 46;
export const MAX_EXACT = 1n << 53n;

/** String operator codes for JitEngine.str (generated calls pass them as literals). */
export const STR_NONE = 0;
export const STR_DEFAULT = 1;
export const STR_COPY = 2;
export const STR_TAIL = 3;
export const STR_DELTA = 4;
const STR_OPS: Record<string, number> = { none: STR_NONE, default: STR_DEFAULT, copy: STR_COPY, tail: STR_TAIL, delta: STR_DELTA };

const RANGE: Record<'i32' | 'u32' | 'i64' | 'u64', [string, string]> = {
  i32: [String(INT32_MIN), String(INT32_MAX)],
  u32: ['0', String(UINT32_MAX)],
  i64: [`${-(1n << 63n)}n`, `${(1n << 63n) - 1n}n`],
  u64: ['0n', `${(1n << 64n) - 1n}n`],
};

/** How control flow and presence-map state are spelled in one of the two routine forms. */
interface Dialect {
  /** Expression: the next presence-map bit (a bit beyond the map reads as 0). */
  bit(): string;
  /** Expression: a runtime call that reads or moves the input position (and, with pm, consumes bits). */
  sync(call: string, pm?: boolean): string;
  /** Statement: jump from `pc` to `target`. */
  jump(pc: number, target: number | null): string;
  /** Sequence counters in locals (`sn<h>`, `sk<h>` for the head at h) instead of the runtime's
   * loop stack: only where the `len` instruction directly precedes its head (compiled code). */
  readonly localLoops?: boolean;
}

/**
 * One ring slot, inline: the open record's next slot, spilling into a new record when full. The
 * ring registers live in locals — wn (slots used in the open record) and wb (its first word) —
 * and are W.slotN / W.base everywhere else: a routine loads them on entry and hands wn back on
 * return, and every runtime call (which may write slots, or throw so that the ERR record follows
 * the slots already written) is wrapped to hand them over and take them back (ringCalls).
 */
function slot(id: number | string, lo: string, hi: string): string {
  return `if (wn === 7) { W.slotN = 7; W.spill(); wn = 0; wb = W.base; } U32[wb + 2 * wn] = ${lo}; U32[wb + 2 * wn + 1] = ${hi}; U8[(wb << 2) + 56 + wn] = ${id}; wn++;`;
}

/** 2^-32: scaling by a power of two is exact, and unlike a division it is one multiply. */
const TWO_TO_MINUS_32 = '2.3283064365386963e-10';
/** The high word of a 64-bit number `v` (|v| <= 2^53). */
const HI_WORD = `Math.floor(v * ${TWO_TO_MINUS_32})`;

/** §10.2 presence map at P into offset `o` and length `l` (overlong, R7, when its last byte is empty). */
function readPmap(o: string, l: string): string[] {
  return [
    `${o} = P; do { if (P >= E) throw rt.eof(${o}, 'presence map'); } while (B[P++] < 128);`,
    `${l} = P - ${o}; if (${l} > 1 && B[P - 1] === 128) rt.report('R7', ${o}, 'overlong presence map (' + ${l} + ' bytes, trailing byte empty)');`,
  ];
}

/** Scans an ascii value from `start` to its stop bit (P after it); `common` runs when its first byte
 * is neither 0x00 nor a lone 0x80 (the value is then the input range), `rare` otherwise. */
function scanAscii(common: string, rare: string): string[] {
  return [
    `do { if (P >= E) throw rt.eof(start, 'ascii string'); } while (B[P++] < 128);`,
    `if ((x = B[start]) !== 0 && x !== 128) { ${common} }`,
    `else { P = start; ${rare} }`,
  ];
}

/** A 64-bit slot from `v` in the normalised form (exact number, else bigint). The typed-array
 * store takes each half modulo 2^32, so a negative number needs no `>>> 0`. */
function bigSlot(fid: number | string): string {
  return `if (typeof v === 'number') { ${slot(fid, 'v', HI_WORD)} } else W.slotBig(${fid}, v);`;
}

const PROLOGUE = [
  // B: the input (the same array for the whole run); x, y, i, j, a, t: scratch for inlined reads.
  'const W = rt.w(); const U32 = W.u32; const U8 = W.u8; const D = rt.dict; const st = D.state; const nv = D.num; const tg = D.tag; const B = rt.bytes; const E = B.length;',
  // P: the input position, local; runtime calls that read or move it get it synced.
  'const DV = rt.dv; const BO = rt.bo;',
  'let v, d, start, x, y, i, j, a, t, w; let P = rt.pos; let wn = W.slotN, wb = W.base;',
];

/** Runtime calls that neither write ring slots nor throw: not wrapped by ringCalls. */
const RING_PURE = new Set(['w', 'kv', 'put', 'decStore', 'add64', 'ascStore', 'spill']);

/**
 * Wraps every other `rt.f(...)` / `W.f(...)` call of generated code as
 * `(W.slotN = wn, t = call, wn = W.slotN, wb = W.base, t)`. Comment lines are left alone; string
 * literals inside arguments are skipped when matching parentheses.
 */
export function ringCalls(src: string): string {
  return src
    .split('\n')
    .map((line) => (line.trimStart().startsWith('//') ? line : wrapCalls(line)))
    .join('\n');
}

function wrapCalls(s: string): string {
  const re = /\b(rt|W)\.(\w+)\(/g;
  let out = '';
  let last = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (RING_PURE.has(m[2]!)) continue;
    const open = m.index + m[0].length - 1;
    const close = matchParen(s, open);
    const call = `${s.slice(m.index, open + 1)}${wrapCalls(s.slice(open + 1, close))})`;
    // A thrown call's value is the error: nothing to take back after it.
    const thrown = s.slice(Math.max(0, m.index - 6), m.index) === 'throw ';
    out += s.slice(last, m.index) + (thrown ? `(W.slotN = wn, ${call})` : `(W.slotN = wn, t = ${call}, wn = W.slotN, wb = W.base, t)`);
    last = close + 1;
    re.lastIndex = last;
  }
  return out + s.slice(last);
}

/** Index of the parenthesis closing the one at `open` (quotes skipped). */
function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const c = s[j]!;
    if (c === "'" || c === '"') {
      for (j++; j < s.length && s[j] !== c; j++) if (s[j] === '\\') j++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  throw new Error(`unbalanced call in generated code: ${s}`);
}

/**
 * A field name for a `//` comment of generated code. Names come from template XML: JSON.stringify
 * escapes quotes and control characters but not U+2028 / U+2029, which end a line in JavaScript —
 * a name holding one would end the comment and put the rest of the name into the code.
 */
export function commentText(name: string): string {
  return JSON.stringify(name).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The source of one routine: structured when its jumps nest (unless `form` says switch), else a
 * switch over instruction indices. */
export function generateRoutine(program: Program, entry: number, form: 'structured' | 'switch' = 'structured', chunkChars = CHUNK_CHARS): string {
  const structured = form === 'structured' ? generateStructured(program, entry, chunkChars) : null;
  return ringCalls(structured ?? `return function routine(rt, base) {\n${generateSwitch(program, entry)}\n};`);
}

/**
 * Source characters per generated function. V8 optimises no function whose bytecode passes
 * 60 KB: a routine that outgrows it (a flat template of ~70 integer fields, here) would run
 * unoptimised, ~40x slower. Structured routines are cut between top-level fields into parts
 * of about this size, called one after the other.
 */
export const CHUNK_CHARS = 40_000;

/** The routine as `for (;;) switch (pc)`, falling through in order (any jump pattern). */
export function generateSwitch(program: Program, entry: number): string {
  labelSeq = 0;
  const ins = program.instrs;
  const sw: Dialect = {
    bit: () => '(i = rt.pmIdx++, (j = (i / 7) | 0) < rt.pmLen && (B[rt.pmOff + j] & (64 >> (i - j * 7))) !== 0)',
    sync: (call) => `(rt.pos = P, t = ${call}, P = rt.pos, t)`,
    jump: (_pc, t) => `{ pc = ${t}; continue; }`,
  };
  const out = [...PROLOGUE, `let pc = ${entry};`, 'for (;;) switch (pc) {'];
  for (let pc = entry; pc < ins.length; pc++) {
    const i = ins[pc]!;
    out.push(`case ${pc}: // ${i.op}${i.field ? ` ${commentText(i.field.name)}` : ''}`);
    if (i.op === 'ret') {
      out.push('rt.pos = P; W.slotN = wn; return;');
      break;
    }
    if (i.op === 'pmap') out.push(`${sw.sync('rt.pushPmap()')};`);
    else if (i.op === 'endpmap') out.push('rt.popPmap();');
    else out.push(...genInstr(program, i, pc, sw));
  }
  out.push('default: throw new Error("bad pc " + pc);', '}');
  return out.join('\n');
}

/** An interval of instructions [from, to): a labelled block (forward jumps to `to`) or a loop. */
interface Span {
  readonly from: number;
  readonly to: number;
  readonly loop: boolean;
  readonly label: string;
}

/**
 * The routine as structured code, or null when its jumps do not nest (then the switch form is
 * used). Forward jumps to t become `break Lt` out of a block opened at the first jump to t;
 * `jmp h` backwards closes the loop `Lh: for (;;)` over [h, jmp]; a block and a loop over the
 * same instructions are one loop. Presence-map segments become locals o<d>, l<d>, i<d> (offset,
 * length, next bit) by nesting depth; depth 0 is the caller's segment, taken from and handed
 * back to the runtime.
 */
export function generateStructured(program: Program, entry: number, chunkChars = CHUNK_CHARS): string | null {
  labelSeq = 0;
  const ins = program.instrs;
  let end = entry;
  while (end < ins.length && ins[end]!.op !== 'ret') end++;
  if (end >= ins.length) return null;
  // Segment depth before each instruction, in order; jumps must not cross segment boundaries.
  const depthAt: number[] = [];
  let depth = 0;
  let maxDepth = 0;
  for (let pc = entry; pc <= end; pc++) {
    depthAt[pc] = depth;
    const op = ins[pc]!.op;
    if (op === 'pmap') maxDepth = Math.max(maxDepth, ++depth);
    else if (op === 'endpmap' && --depth < 0) return null;
  }
  if (depth !== 0) return null;
  const spans = new Map<string, Span>();
  const firstJump = new Map<number, number>();
  for (let pc = entry; pc < end; pc++) {
    const i = ins[pc]!;
    if (!jumps(i)) continue;
    const t = i.target;
    if (t === null || t <= entry || t > end) return null;
    // The jump leaves from the instruction's own segment depth (after a pmap it would differ: none jump).
    if (depthAt[t] !== depthAt[pc]) return null;
    if (t <= pc) {
      if (i.op !== 'jmp') return null;
      spans.set(`${t}:${pc + 1}`, { from: t, to: pc + 1, loop: true, label: `L${t}` });
    } else if (!firstJump.has(t)) firstJump.set(t, pc);
  }
  for (const [t, from] of firstJump) {
    const key = `${from}:${t}`;
    if (!spans.has(key)) spans.set(key, { from, to: t, loop: false, label: `B${t}` });
  }
  // Break targets: the span that ends at t (a loop over the same interval serves as the block).
  const breakLabel = new Map<number, string>();
  for (const [t, from] of firstJump) breakLabel.set(t, spans.get(`${from}:${t}`)!.label);
  // Opening order at one pc: the outer (longer) span first.
  const opens = new Map<number, Span[]>();
  for (const s of spans.values()) {
    const l = opens.get(s.from) ?? [];
    l.push(s);
    opens.set(s.from, l);
  }
  for (const l of opens.values()) l.sort((a, b) => b.to - a.to);

  const seg = (pc: number) => depthAt[pc]!;
  let cur = 0; // segment depth of the instruction being generated
  const st: Dialect = {
    bit: () => `(t = i${cur}++, (j = (t / 7) | 0) < l${cur} && (B[o${cur} + j] & (64 >> (t - j * 7))) !== 0)`,
    sync: (call, pm = false) =>
      pm ? `(rt.pos = P, rt.pmOff = o${cur}, rt.pmLen = l${cur}, rt.pmIdx = i${cur}, t = ${call}, P = rt.pos, i${cur} = rt.pmIdx, t)` : `(rt.pos = P, t = ${call}, P = rt.pos, t)`,
    jump: (pc, t) => {
      if (t === null) throw new Error('jump without a target');
      return t <= pc ? `continue L${t};` : `break ${breakLabel.get(t)};`;
    },
    localLoops: true,
  };
  const head = [...PROLOGUE, 'let o0 = rt.pmOff, l0 = rt.pmLen, i0 = rt.pmIdx;'];
  for (let d = 1; d <= maxDepth; d++) head.push(`let o${d} = 0, l${d} = 0, i${d} = 0;`);
  for (let pc = entry + 1; pc <= end; pc++) if (ins[pc]!.op === 'seq' && ins[pc - 1]!.op.endsWith('.len')) head.push(`let sn${pc} = 0, sk${pc} = 0;`);
  const out: string[] = [];
  // Where the routine may be cut into parts: between top-level instructions (no open span, in
  // the routine's own presence-map segment), where all state is P, i0 and the ring registers.
  const cuts: number[] = [];
  const stack: Span[] = [];
  for (let pc = entry; pc <= end; pc++) {
    while (stack.length > 0 && stack[stack.length - 1]!.to === pc) {
      stack.pop();
      out.push('}');
    }
    if (stack.some((s) => s.to === pc)) return null; // spans overlap without nesting
    if (stack.length === 0 && depthAt[pc] === 0 && pc > entry) cuts.push(out.length);
    for (const s of opens.get(pc) ?? []) {
      const top = stack[stack.length - 1];
      if (top !== undefined && s.to > top.to) return null;
      stack.push(s);
      out.push(s.loop ? `${s.label}: for (;;) {` : `${s.label}: {`);
    }
    const i = ins[pc]!;
    cur = seg(pc);
    out.push(`// ${pc}: ${i.op}${i.field ? ` ${commentText(i.field.name)}` : ''}`);
    switch (i.op) {
      case 'ret':
        out.push('rt.pos = P; rt.pmOff = o0; rt.pmLen = l0; rt.pmIdx = i0; W.slotN = wn; return;');
        break;
      case 'pmap': {
        const d = cur + 1;
        // §10.2 presence map: the stop-bit bytes, overlong (R7) when the last byte is empty.
        out.push(...readPmap(`o${d}`, `l${d}`), `i${d} = 0;`);
        break;
      }
      case 'endpmap':
        // R8: a set bit at or after the next one (the rest of its byte, then whole bytes).
        out.push(`rt.unusedBits(o${cur}, l${cur}, i${cur});`);
        break;
      default:
        out.push(...genInstr(program, i, pc, st));
    }
  }
  if (stack.length > 0) return null;
  return assembleParts(head.join('\n'), out, cuts, chunkChars);
}

/** The routine's factory source: one function, or parts of about `chunkChars` characters cut at
 * `cuts`, each taking its state from the runtime and handing it back. */
function assembleParts(head: string, body: string[], cuts: number[], chunkChars: number): string {
  const size = body.reduce((n, l) => n + l.length + 1, head.length);
  if (size <= chunkChars) return `return function routine(rt, base) {\n${head}\n${body.join('\n')}\n};`;
  const parts: string[][] = [];
  let from = 0;
  let chars = 0;
  let next = 0;
  for (let k = 0; k < body.length; k++) {
    while (next < cuts.length && cuts[next]! < k) next++;
    if (cuts[next] === k && k > from && chars + body[k]!.length > chunkChars - head.length) {
      parts.push(body.slice(from, k));
      from = k;
      chars = 0;
    }
    chars += body[k]!.length + 1;
  }
  parts.push(body.slice(from));
  const handBack = 'rt.pos = P; rt.pmOff = o0; rt.pmLen = l0; rt.pmIdx = i0; W.slotN = wn;';
  const fns = parts.map((p, k) => `function part${k}(rt, base) {\n${head}\n${p.join('\n')}\n${k < parts.length - 1 ? handBack : ''}\n}`);
  return `${fns.join('\n')}\nreturn function routine(rt, base) { ${parts.map((_, k) => `part${k}(rt, base);`).join(' ')} };`;
}

function jumps(i: Instr): boolean {
  switch (i.op) {
    case 'jmp':
    case 'seq':
      return true;
    case 'group':
      return i.field?.optional ?? false;
    default: {
      const dot = i.op.indexOf('.');
      if (dot < 0) return false;
      const type = i.op.slice(dot + 1);
      return type === 'len' || type === 'exp';
    }
  }
}

/** An integer constant in the JIT's value form (64-bit: a number when exact). */
function constLiteral(c: Const | undefined, big: boolean): string {
  if (c === undefined) return 'undefined';
  if (c.kind !== 'int') throw new Error('integer constant expected');
  const exact = c.value >= -MAX_EXACT && c.value <= MAX_EXACT;
  return big ? (exact ? String(c.value) : `${c.value}n`) : String(Number(c.value));
}

/** Labels of inline reads, numbered per generated function (reset by each generator). */
let labelSeq = 0;

/**
 * Reads a stop-bit integer at `P` (= `start`), four bytes at a time: one little-endian int32
 * load (DataView DV over the input's buffer at offset BO; bytes past the end masked to 0), then
 * the stop bit's position picks a one- to four-byte decoding in int32 arithmetic. A longer value
 * continues a byte at a time in doubles: exact for 32-bit types until it passes 2^53, by which
 * time it has failed every 32-bit range; 64-bit types stop while the accumulator is below 2^46
 * before a step (`bail`: `P` is after the bytes read so far, `v` their exact value; the callers
 * either re-read from `start` in the runtime, number or bigint, or go on in (hi, lo) halves).
 *
 * `one`: code when it was one byte (in `x`); `many`: after a longer value was read into `v`
 * (exact, signed when `signed`, not yet NULL-adjusted).
 */
function readStop(signed: boolean, big: boolean, one: string, many: string, bail: string): string[] {
  const what = signed ? 'signed integer' : 'unsigned integer';
  const eof = `throw rt.eof(start, '${what}');`;
  const more = big ? `x < 128 && v < ${SAFE} && v >= ${-SAFE}` : 'x < 128';
  const sgn = (n: number) => (signed ? ` if ((w & 64) !== 0) v -= ${2 ** (7 * n)};` : '');
  const L = `R${labelSeq++}`;
  return [
    `if (P >= E) ${eof}`,
    'w = DV.getInt32(BO + P, true); if (P + 4 > E) w &= (1 << ((E - P) << 3)) - 1;',
    `if ((w & 128) !== 0) { P++; x = w & 255; ${one} }`,
    `else ${L}: {`,
    `if ((w & 32768) !== 0) { P += 2; v = ((w & 127) << 7) | ((w >> 8) & 127);${sgn(2)} }`,
    `else if ((w & 8388608) !== 0) { P += 3; v = ((w & 127) << 14) | ((w >> 1) & 16256) | ((w >> 16) & 127);${sgn(3)} }`,
    `else { P += 4; v = ((w & 127) << 21) | ((w << 6) & 2080768) | ((w >> 9) & 16256) | ((w >>> 24) & 127);${sgn(4)}`,
    `if (w >= 0) { do { if (P >= E) ${eof} x = B[P++]; v = v * 128 + (x & 127); } while (${more});${big ? ` if (x < 128) { ${bail} break ${L}; }` : ''} } }`,
    many,
    '}',
  ];
}

/** R6 for a value of two bytes or more starting at `start`. */
function overlongCheck(signed: boolean): string {
  return signed
    ? `if (((x = B[start]) === 0 && (B[start + 1] & 64) === 0) || (x === 127 && (B[start + 1] & 64) !== 0)) rt.report('R6', start, 'overlong signed integer');`
    : `if (B[start] === 0) rt.report('R6', start, 'overlong unsigned integer');`;
}

/**
 * Reads an integer into `v` (null when NULL) and runs `check` (the range test) on a value of
 * two bytes or more (one byte is in range of every type). `P` is the field's start on entry;
 * `start` holds it too. 64-bit values beyond the number path are the runtime's (number or bigint).
 */
function readInt(signed: boolean, big: boolean, nullable: boolean, check: string, D: Dialect): string[] {
  const one = signed ? '(x & 64 ? x - 256 : x - 128)' : 'x - 128';
  const oneN = !nullable ? one : signed ? '(x === 128 ? null : x & 64 ? x - 256 : x - 129)' : '(x === 128 ? null : x - 129)';
  const adjust = !nullable ? '' : signed ? 'v = v === 0 ? null : v > 0 ? v - 1 : v;' : 'v = v === 0 ? null : v - 1;';
  const fn = `rt.${signed ? 'S' : 'U'}${nullable ? 'N' : ''}()`;
  return readStop(signed, big, `v = ${oneN};`, `${overlongCheck(signed)} ${adjust} ${check}`, `P = start; v = ${D.sync(fn)}; ${check}`);
}

/** The code of one field or control instruction (not pmap / endpmap / ret: the routine form's). */
function genInstr(program: Program, i: Instr, pc: number, D: Dialect): string[] {
  const fid = i.fid ?? 0;
  const jump = (t: number | null): string => D.jump(pc, t);
  const depth = `base + ${i.depth ?? 0}`;
  switch (i.op) {
    case 'tid':
      return []; // folded into 'dyn'
    case 'dyn':
      return [`${D.sync(`rt.dyn(${fid}, ${depth})`, true)};`];
    case 'enter':
      return [`rt.pos = P; rt.deep(${depth});`];
    case 'endref':
      return [slot(FID.endNested, '0', '0')];
    case 'group':
      return [...(i.field?.optional ? [`if (!${D.bit()}) ${jump(i.target)}`] : []), `rt.pos = P; rt.deep(${depth});`, ...(i.fid !== null ? [slot(fid, '0', '0')] : [])];
    case 'seq':
      if (D.localLoops && program.instrs[pc - 1]?.op.endsWith('.len')) {
        return [`if (sn${pc} === 0) ${jump(i.target)}`, `sn${pc}--;`, ...(fid !== 0 ? [slot(fid, `sk${pc}`, '0')] : []), `sk${pc}++;`];
      }
      return [`if (rt.seqNext(${fid})) ${jump(i.target)}`];
    case 'jmp':
      return [jump(i.target)];
    case 'ret':
    case 'pmap':
    case 'endpmap':
    case 'next':
    case 'msg':
    case 'eom':
      throw new Error(`${i.op} outside its routine form`);
  }
  const [op, type] = i.op.split('.') as [string, string];

  if (type === 'ascii' && (op === 'none' || op === 'copy' || (op === 'default' && (i.k !== undefined || i.field?.optional)))) return genAscii(program, i, op, D);
  if (type === 'dec' && op === 'none') return genDecimal(i, D);
  if (op === 'const' && (type === 'ascii' || type === 'uni' || type === 'bytes' || type === 'dec')) return genConst(program, i, type, D);
  if (type === 'dec') return genDecimalOp(i, op, D);
  if (type === 'ascii' || type === 'uni' || type === 'bytes') return genString(i, op, type, D);
  const tag: Tag = type === 'exp' ? 'i32' : type === 'mant' ? 'i64' : type === 'len' ? 'u32' : (type as Tag);
  const big = tag === 'i64' || tag === 'u64';
  const signed = tag === 'i32' || tag === 'i64';
  const optional = i.field?.optional ?? false;
  const [min, max] = RANGE[tag as 'i32'];
  // 64-bit values are numbers only when |v| <= 2^53: in range for int64, for uInt64 when >= 0.
  const test = !big ? `!(v >= ${min} && v <= ${max})` : tag === 'i64' ? `typeof v !== 'number' && (v < ${min} || v > ${max})` : `typeof v === 'number' ? v < 0 : v < 0n || v > ${max}`;
  const check = (code: 'D2' | 'R4'): string => `if (${test}) rt.range(${JSON.stringify(code)}, v, ${JSON.stringify(tag)}, start);`;
  const k = i.k === undefined ? 'undefined' : constLiteral(program.consts[i.k], big);
  const slotN = i.slot ?? 0;
  const T = JSON.stringify(tag);
  const body: string[] = ['start = P;'];
  const plain = (nullable: boolean): string[] => readInt(signed, big, nullable, nullable ? `if (v !== null) { ${check('D2')} }` : check('D2'), D);
  // Stores v (not null): unboxed in `num` when a number (always, for 32-bit types).
  const store = big
    ? `if (typeof v === 'number') { st[${slotN}] = ${ASSIGNED_NUM}; nv[${slotN}] = v; tg[${slotN}] = ${T}; } else rt.put(${slotN}, ${T}, v);`
    : `st[${slotN}] = ${ASSIGNED_NUM}; nv[${slotN}] = v; tg[${slotN}] = ${T};`;
  // The slot holds a number of this field's type: the common case of copy, increment and delta.
  const hit = `st[${slotN}] === ${ASSIGNED_NUM} && tg[${slotN}] === ${T}`;
  switch (op) {
    case 'none':
      // A plain uInt64 beyond 2^53 goes straight into its slot as (hi, lo) halves: no bigint.
      if (tag === 'u64' && i.fid !== null && type === 'u64') return genPlainU64(i.fid, optional, D);
      body.push(...plain(optional));
      break;
    case 'const':
      body.push(optional ? `v = ${D.bit()} ? ${k} : null;` : `v = ${k};`);
      break;
    case 'default':
      body.push(`if (${D.bit()}) {`, ...plain(optional), `} else v = ${i.k === undefined ? 'null' : k};`);
      break;
    case 'copy':
      body.push(`if (${D.bit()}) {`, ...plain(optional), `if (v === null) D.setEmpty(${slotN}); else { ${store} }`, `} else if (${hit}) v = nv[${slotN}];`, `else v = rt.prev(${slotN}, ${T}, ${k}, ${optional}, false, start);`);
      break;
    case 'incr': {
      // §6.3.6 with wrap-around; a 64-bit number below 2^53 - 1 increments exactly (as add64).
      const next = tag === 'i32' ? `a === ${INT32_MAX} ? ${INT32_MIN} : a + 1` : tag === 'u32' ? `a === ${UINT32_MAX} ? 0 : a + 1` : null;
      const fast = next !== null ? `if (${hit}) { a = nv[${slotN}]; v = nv[${slotN}] = ${next}; }` : `if (${hit} && (a = nv[${slotN}]) < ${EXACT - 1}) { v = nv[${slotN}] = a + 1; }`;
      body.push(`if (${D.bit()}) {`, ...plain(optional), `if (v === null) D.setEmpty(${slotN}); else { ${store} }`, `} else ${fast}`, `else v = rt.prev(${slotN}, ${T}, ${k}, ${optional}, true, start);`);
      break;
    }
    case 'delta':
      body.push(
        ...readInt(true, big, optional, '', D),
        `if (v !== null) {`,
        `d = v; a = ${hit} ? nv[${slotN}] : rt.dbase(${slotN}, ${T}, ${k}, 0, start);`,
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
      body.push(`if (v === null) ${jump(i.target)}`);
      if (D.localLoops && program.instrs[pc + 1]?.op === 'seq') body.push(`rt.pos = P; rt.seqOpen(${fid}, v, ${depth}, ${i.zeroWidth ?? false}, start); sn${pc + 1} = v; sk${pc + 1} = 0;`);
      else body.push(`rt.pos = P; rt.seqStart(${fid}, v, ${depth}, ${i.zeroWidth ?? false}, start);`);
      break;
    case 'exp':
      body.push(`if (v === null) ${jump(i.target)}`, `if (v < -63 || v > 63) rt.expCheck(v, start);`, 'rt.expReg = v;');
      break;
    case 'mant':
      if (i.fid !== null) body.push(`a = rt.expReg; ${slot(fid, 'a', 'a >> 31')}`, bigSlot(FID.continuation));
      break;
    default:
      if (i.fid === null) break;
      if (tag === 'u32') body.push(`if (v !== null) { ${slot(fid, 'v', '0')} }`);
      else if (tag === 'i32') body.push(`if (v !== null) { ${slot(fid, 'v', 'v >> 31')} }`);
      else body.push(`if (v !== null) { ${bigSlot(fid)} }`);
  }
  return body;
}

/**
 * A uInt64 without operator: inline while exact, else the runtime writes (hi, lo) itself. Each
 * branch writes its own slot, so `v` stays a plain number (never merged with null: no boxing).
 */
function genPlainU64(fid: number, nullable: boolean, D: Dialect): string[] {
  const write = slot(fid, 'v', HI_WORD);
  const one = nullable ? `if (x !== 128) { v = x - 129; ${write} }` : `v = x - 128; ${write}`;
  const many = `${overlongCheck(false)} ${nullable ? `if (v !== 0) { v = v - 1; ${write} }` : write}`;
  // Past 2^46 the value goes on in halves a (high) and y (low): y * 128 + 127 < 2^39 and the
  // scaling by 2^-32 are exact. Out of range (a > 2^32 - 1 after the NULL adjustment), the
  // runtime re-reads it from `start` and reports it (R6, then D2) as the interpreter does.
  const halves = [
    `a = Math.floor(v * ${TWO_TO_MINUS_32}); y = v - a * 4294967296;`,
    `do { if (P >= E) throw rt.eof(start, 'unsigned integer'); x = B[P++]; t = y * 128 + (x & 127); d = Math.floor(t * ${TWO_TO_MINUS_32}); y = t - d * 4294967296; a = a * 128 + d; } while (x < 128);`,
    nullable ? `if (y === 0) { a -= 1; y = 4294967295; } else y -= 1;` : '',
    `if (a > 4294967295) { P = start; ${D.sync(`rt.u64slot(${fid}, ${nullable})`)}; }`,
    `else { ${overlongCheck(false)} ${slot(fid, 'y', 'a')} }`,
  ].join(' ');
  return ['start = P;', ...readStop(false, true, one, many, halves)];
}

/** Any other string or byte-vector field: the JIT runtime's operator code (never the interpreter's). */
function genString(i: Instr, op: string, type: string, D: Dialect): string[] {
  const code = STR_OPS[op];
  if (code === undefined) throw new Error(`operator ${op} on ${type}`);
  const call = `rt.str(${code}, ${JSON.stringify(type)}, ${i.slot ?? 0}, ${i.k ?? -1}, ${i.field?.optional ?? false})`;
  const uni = type === 'uni' ? 'rt.utf8(v, start); ' : '';
  const write = i.fid === null ? '' : `W.bytes(${i.fid}, v);`;
  return ['start = P;', `v = ${D.sync(call, code !== STR_NONE && code !== STR_DELTA)};`, ...(uni || write ? [`if (v !== null) { ${uni}${write} }`] : [])];
}

/** A decimal with one operator (copy, default, delta): the value in rt.expReg / rt.mReg. */
function genDecimalOp(i: Instr, op: string, D: Dialect): string[] {
  const optional = i.field?.optional ?? false;
  const slotN = i.slot ?? 0;
  const k = i.k ?? -1;
  const write = i.fid === null ? '' : `a = rt.expReg; ${slot(i.fid, 'a', 'a >> 31')} v = rt.mReg; ${bigSlot(FID.continuation)}`;
  switch (op) {
    case 'copy':
      return ['start = P;', `if (${D.bit()}) { if (${D.sync(`rt.decRead(${optional})`)}) { rt.decStore(${slotN}); ${write} } else D.setEmpty(${slotN}); }`, `else if (rt.decPrev(${slotN}, ${k}, ${optional}, start)) { ${write} }`];
    case 'default':
      return ['start = P;', `if (${D.bit()} ? ${D.sync(`rt.decRead(${optional})`)} : rt.decDefault(${k}, ${optional}, start)) { ${write} }`];
    case 'delta':
      return ['start = P;', `if (${D.sync(`rt.decDelta(${slotN}, ${k}, ${optional}, start)`)}) { ${write} }`];
    default:
      throw new Error(`operator ${op} on dec`);
  }
}

/**
 * ascii without operator, with default, or with copy. A value from the stream whose first byte is
 * neither 0x00 nor a lone 0x80 (the common case) is emitted straight from the input; the rest go
 * to the runtime. Default's absent value is its initial value as literal slots (or nothing: NULL).
 */
function genAscii(program: Program, i: Instr, op: string, D: Dialect): string[] {
  const optional = i.field?.optional ?? false;
  const emit = i.fid !== null;
  const fid = i.fid ?? 0;
  const read = scanAscii(emit ? `W.asciiRange(${fid}, B, start, P);` : '', `if (${D.sync(`rt.asc(${optional})`)}) { ${emit ? `rt.ascEmit(${fid});` : ''} }`);
  if (op === 'none') return ['start = P;', ...read];
  if (op === 'default') {
    const c = i.k === undefined ? undefined : program.consts[i.k];
    return ['start = P;', `if (${D.bit()}) {`, ...read, '}', ...(emit && c !== undefined ? [`else { ${constSlots(fid, c)} }`] : [])];
  }
  // copy: a value from the stream is emitted from the input and stored (ascStore shares equal
  // values); an absent one is the slot's bytes when it holds ascii, else the runtime's rules.
  const slotN = i.slot ?? 0;
  const k = i.k === undefined ? 'undefined' : `rt.kv(${i.k})`;
  return [
    'start = P;',
    `if (${D.bit()}) {`,
    ...scanAscii(
      `rt.sa = start; rt.sb = P; ${emit ? `W.asciiRange(${fid}, B, start, P);` : ''} rt.ascStore(${slotN});`,
      `if (${D.sync(`rt.asc(${optional})`)}) { ${emit ? `rt.ascEmit(${fid});` : ''} rt.ascStore(${slotN}); } else D.setEmpty(${slotN});`,
    ),
    `} else if (st[${slotN}] === ${ASSIGNED} && tg[${slotN}] === "ascii") { ${emit ? `W.bytes(${fid}, D.value[${slotN}]);` : ''} }`,
    `else { v = rt.prev(${slotN}, "ascii", ${k}, ${optional}, false, start); ${emit ? `if (v !== null) W.bytes(${fid}, v);` : ''} }`,
  ];
}

/**
 * A decimal with no operator: exponent (nullable when optional), mantissa, written as two slots.
 * The mantissa's inline (number) and runtime (number or bigint) reads write their slots in their
 * own branches, so the inline value is never merged with a bigint (no boxing).
 */
function genDecimal(i: Instr, D: Dialect): string[] {
  const optional = i.field?.optional ?? false;
  const emit = i.fid !== null;
  const head = emit ? slot(i.fid!, 'a', 'a >> 31') : '';
  const num = emit ? `${head} ${slot(FID.continuation, 'v', HI_WORD)}` : '';
  const bail = `P = start; y = ${D.sync('rt.S()')}; if (typeof y !== 'number' && (y < ${RANGE.i64[0]} || y > ${RANGE.i64[1]})) rt.range("D2", y, "i64", start); ${emit ? `${head} rt.big(${FID.continuation}, y);` : ''}`;
  return [
    'start = P;',
    ...readInt(true, false, optional, '', D),
    'if (v !== null) {',
    `if (v < -63 || v > 63) rt.expCheck(v, start);`,
    'a = v; start = P;',
    ...readStop(true, true, `v = x & 64 ? x - 256 : x - 128; ${num}`, `${overlongCheck(true)} ${num}`, bail),
    '}',
  ];
}

/** A constant of a string, byte vector or decimal field: no stream data, the value from the pool. */
function genConst(program: Program, i: Instr, type: string, D: Dialect): string[] {
  const optional = i.field?.optional ?? false;
  const c = program.consts[i.k ?? -1];
  // Unicode constants are UTF-8-checked when written, as the interpreter does (R2).
  let valid = true;
  if (type === 'uni' && c !== undefined && c.kind === 'uni') {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(c.value);
    } catch {
      valid = false;
    }
  }
  const check = valid ? '' : `rt.utf8(rt.kv(${i.k}), P); `;
  if (i.fid === null) return optional ? [`if (${D.bit()}) { ${check}}`] : check ? [check] : [];
  const write = check + (c === undefined ? `W.bytes(${i.fid}, rt.kv(${i.k}));` : constSlots(i.fid, c));
  return [optional ? `if (${D.bit()}) { ${write} }` : write];
}

/** The ring slots of a constant, as literals (DmaWriter.bytes / slotBig packing, computed once). */
function constSlots(fid: number, c: Const): string {
  const out: string[] = [];
  const put = (id: number, lo: number, hi: number) => out.push(slot(id, String(lo >>> 0), String(hi >>> 0)));
  if (c.kind === 'int') throw new Error('string, byte vector or decimal constant expected');
  if (c.kind === 'dec') {
    put(fid, c.exponent >>> 0, c.exponent < 0 ? 0xffffffff : 0);
    put(FID.continuation, Number(BigInt.asUintN(32, c.mantissa)), Number(BigInt.asUintN(32, c.mantissa >> 32n)));
    return out.join(' ');
  }
  const d = c.value;
  put(fid, d.length, 0);
  for (let i = 0; i < d.length; i += 8) {
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < 4 && i + k < d.length; k++) lo |= d[i + k]! << (8 * k);
    for (let k = 4; k < 8 && i + k < d.length; k++) hi |= d[i + k]! << (8 * (k - 4));
    put(FID.continuation, lo, hi);
  }
  return out.join(' ');
}

/**
 * The message loop (the microcode's `start` routine: next, pmap, tid, msg, endpmap, eom), with
 * the presence map, template id, header slot and end of message inline; returns the number of
 * messages. Called as (rt, W, perMessage, onMessage); keeps the count in rt.nmsg as it goes, so
 * that an error thrown out of it still knows how many messages completed.
 */
export function generateDispatcher(): string {
  labelSeq = 0;
  return ringCalls([
    'const B = rt.bytes; const E = B.length; const U32 = W.u32; const U8 = W.u8; const D = rt.dict; const st = D.state; const nv = D.num; const tg = D.tag;',
    'const DV = rt.dv; const BO = rt.bo;',
    'let P = rt.pos, o, l, x, v, t, w, start, fn, tid, n = 0; let wn = W.slotN, wb = W.base;',
    'while (P < E) {',
    'if (perMessage) rt.onResetPerMessage();',
    'rt.zeroWidth = 0; rt.pmTop = 0; rt.loopTop = 0;',
    ...readPmap('o', 'l'),
    'start = P;',
    // Bit 0 of the map: the template id (copy operator, dictionary slot 0).
    'if ((B[o] & 64) !== 0) {',
    ...readInt(false, false, false, `if (v > ${UINT32_MAX}) rt.tidRange(v, start);`, { bit: () => '', sync: (c) => c, jump: () => '' }),
    `tid = v; st[0] = ${ASSIGNED_NUM}; nv[0] = v; tg[0] = 'u32';`,
    `} else if (st[0] === ${ASSIGNED_NUM}) tid = nv[0];`,
    'else tid = rt.prevTid(start);',
    `fn = tid < ${DENSE_TIDS} ? rt.fnDense[tid] : rt.fnByTid.get(tid);`,
    `if (fn === undefined) throw rt.unknownTid(tid, start);`,
    slot(FID.header, 'tid', '0'),
    'rt.pos = P; rt.pmOff = o; rt.pmLen = l; rt.pmIdx = 1;',
    'W.slotN = wn; fn(rt, 0); wn = W.slotN; wb = W.base;',
    'P = rt.pos;',
    // R8, inline for the common one-byte map: a set bit after the ones used.
    'x = rt.pmIdx; if (l !== 1 || (x < 7 && (B[o] & (127 >> x)) !== 0)) rt.unusedBits(o, l, x);',
    'W.endMessage();',
    'rt.nmsg = ++n;',
    'if (onMessage !== undefined) onMessage();',
    '}',
    'rt.pos = P;',
    'return n;',
  ].join('\n'));
}

/** Template ids below this are looked up in an array rather than a Map. */
export const DENSE_TIDS = 1024;
