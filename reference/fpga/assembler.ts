import { isOpcode, type Const, type DictSlot, type Instr, type Opcode, type Program } from './isa.ts';

/**
 * The assembler DSL (spec/fpga/microcode.md): the paper's four columns — field with presence,
 * field id, command, jump target — plus directives for the tables. `printListing` writes the
 * canonical listing; `parseListing` reads one back (print ∘ parse is the identity on canonical
 * listings) and reports bad input with its line number.
 *
 *   .slot d1 global "" "MDEntryPx"        dictionary slot: scope, qualifier, key (JSON strings)
 *   .const k0 int -5 | dec -2 150 | ascii 4142 | uni c3a9 | bytes 00ff
 *   .jt 83 MDIncRefresh                    jump table: template id -> routine label
 *   MDIncRefresh:                          label
 *     ?MDEntryPx   12   copy.dec,d1,k0   -        instruction: field, fid, command, target
 */
export class AsmError extends Error {
  override readonly name = 'AsmError';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const BARE = /^[A-Za-z_][A-Za-z0-9_.~-]*$/;

function name(s: string): string {
  return BARE.test(s) && s !== '-' ? s : JSON.stringify(s);
}

function hex(b: Uint8Array): string {
  return b.length === 0 ? '-' : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function constText(c: Const): string {
  switch (c.kind) {
    case 'int':
      return `int ${c.value}`;
    case 'dec':
      return `dec ${c.exponent} ${c.mantissa}`;
    default:
      return `${c.kind} ${hex(c.value)}`;
  }
}

function command(i: Instr): string {
  let s: string = i.op;
  if (i.slot !== undefined) s += `,d${i.slot}`;
  if (i.k !== undefined) s += `,k${i.k}`;
  if (i.depth !== undefined) s += `,^${i.depth}`;
  if (i.zeroWidth) s += ',z';
  return s;
}

export function printListing(p: Program): string {
  const out: string[] = ['; fairwire FPGA FAST microcode listing (spec/fpga/microcode.md)'];
  p.slots.forEach((s, n) => out.push(`.slot d${n} ${JSON.stringify(s.scope)} ${JSON.stringify(s.qualifier)} ${JSON.stringify(s.key)}`));
  p.consts.forEach((c, n) => out.push(`.const k${n} ${constText(c)}`));
  const label = (at: number): string => name(p.labels.get(at) ?? `@${at}`);
  for (const [tid, entry] of [...p.jumpTable].sort((a, b) => a[0] - b[0])) out.push(`.jt ${tid} ${label(entry)}`);
  p.instrs.forEach((i, at) => {
    const l = p.labels.get(at);
    if (l !== undefined) out.push(`${name(l)}:`);
    const field = i.field === null ? '-' : `${i.field.optional ? '?' : '+'}${name(i.field.name)}`;
    const target = i.target === null ? '-' : label(i.target);
    out.push(`  ${field.padEnd(24)} ${(i.fid === null ? '-' : String(i.fid)).padEnd(4)} ${command(i).padEnd(24)} ${target}`.trimEnd());
  });
  return out.join('\n') + '\n';
}

/** Splits a line into tokens; JSON strings (with spaces inside) stay one token. */
function tokens(line: string, n: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === ';') break;
    let j = i;
    let inStr = false;
    while (j < line.length) {
      const d = line[j]!;
      if (inStr) {
        if (d === '\\') j++;
        else if (d === '"') inStr = false;
      } else if (d === '"') inStr = true;
      else if (d === ' ' || d === '\t') break;
      j++;
    }
    if (inStr) throw new AsmError(n, 'unterminated string');
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

function unquote(t: string, n: number): string {
  if (!t.startsWith('"') && !t.includes('"')) return t;
  try {
    const v: unknown = JSON.parse(t);
    if (typeof v === 'string') return v;
  } catch {
    /* reported below */
  }
  throw new AsmError(n, `bad string ${t}`);
}

function int(t: string | undefined, n: number, what: string, min: number, max: number): number {
  if (t === undefined || !/^-?\d+$/.test(t)) throw new AsmError(n, `${what}: expected an integer, got ${t ?? 'nothing'}`);
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new AsmError(n, `${what} ${t} out of range ${min}..${max}`);
  return v;
}

function bytesOf(t: string | undefined, n: number): Uint8Array {
  if (t === '-') return new Uint8Array(0);
  if (t === undefined || !/^([0-9a-f]{2})+$/.test(t)) throw new AsmError(n, `expected lowercase hex bytes, got ${t ?? 'nothing'}`);
  return Uint8Array.from(Buffer.from(t, 'hex'));
}

export function parseListing(text: string): Program {
  const slots: DictSlot[] = [];
  const consts: Const[] = [];
  const jt: { tid: number; label: string; line: number }[] = [];
  const labels = new Map<number, string>();
  const labelAt = new Map<string, number>();
  const raw: { field: Instr['field']; fid: number | null; cmd: string; target: string; line: number }[] = [];
  text.split('\n').forEach((lineText, idx) => {
    const n = idx + 1;
    const t = tokens(lineText, n);
    if (t.length === 0) return;
    const head = t[0]!;
    if (head === '.slot') {
      if (t.length !== 5 || t[1] !== `d${slots.length}`) throw new AsmError(n, `.slot d${slots.length} <scope> <qualifier> <key> expected`);
      slots.push({ scope: unquote(t[2]!, n), qualifier: unquote(t[3]!, n), key: unquote(t[4]!, n) });
    } else if (head === '.const') {
      if (t[1] !== `k${consts.length}`) throw new AsmError(n, `.const k${consts.length} expected`);
      const kind = t[2];
      if (kind === 'int') {
        if (t.length !== 4 || !/^-?\d+$/.test(t[3]!)) throw new AsmError(n, '.const int <integer> expected');
        consts.push({ kind: 'int', value: BigInt(t[3]!) });
      } else if (kind === 'dec') {
        if (t.length !== 5 || !/^-?\d+$/.test(t[4]!)) throw new AsmError(n, '.const dec <exponent> <mantissa> expected');
        consts.push({ kind: 'dec', exponent: int(t[3], n, 'exponent', -63, 63), mantissa: BigInt(t[4]!) });
      } else if (kind === 'ascii' || kind === 'uni' || kind === 'bytes') {
        if (t.length !== 4) throw new AsmError(n, `.const ${kind} <hex> expected`);
        consts.push({ kind, value: bytesOf(t[3], n) });
      } else throw new AsmError(n, `unknown constant kind ${kind ?? ''}`);
    } else if (head === '.jt') {
      if (t.length !== 3) throw new AsmError(n, '.jt <template id> <label> expected');
      jt.push({ tid: int(t[1], n, 'template id', 0, 0xffffffff), label: unquote(t[2]!, n), line: n });
    } else if (head.endsWith(':') && t.length === 1) {
      const l = unquote(head.slice(0, -1), n);
      if (labelAt.has(l)) throw new AsmError(n, `label ${l} defined twice`);
      labelAt.set(l, raw.length);
      labels.set(raw.length, l);
    } else {
      if (t.length !== 4) throw new AsmError(n, `an instruction has four columns (field, id, command, target), got ${t.length}`);
      let field: Instr['field'] = null;
      if (head !== '-') {
        if (head[0] !== '+' && head[0] !== '?') throw new AsmError(n, `field must be -, +name or ?name, got ${head}`);
        field = { name: unquote(head.slice(1), n), optional: head[0] === '?' };
      }
      const fid = t[1] === '-' ? null : int(t[1], n, 'field id', 1, 255);
      raw.push({ field, fid, cmd: t[2]!, target: t[3]!, line: n });
    }
  });
  const resolve = (l: string, n: number): number => {
    const name = unquote(l, n);
    const at = labelAt.get(name) ?? (/^@\d+$/.test(name) ? Number(name.slice(1)) : undefined);
    if (at === undefined || at >= raw.length) throw new AsmError(n, `unknown label ${name}`);
    return at;
  };
  const instrs: Instr[] = raw.map((r) => {
    const [op, ...operands] = r.cmd.split(',');
    if (op === undefined || !isOpcode(op)) throw new AsmError(r.line, `unknown command ${op ?? ''}`);
    const ins: { -readonly [K in keyof Instr]: Instr[K] } = { field: r.field, fid: r.fid, op: op as Opcode, target: r.target === '-' ? null : resolve(r.target, r.line) };
    for (const o of operands) {
      if (/^d\d+$/.test(o)) ins.slot = int(o.slice(1), r.line, 'slot', 0, slots.length - 1);
      else if (/^k\d+$/.test(o)) ins.k = int(o.slice(1), r.line, 'constant', 0, consts.length - 1);
      else if (/^\^\d+$/.test(o)) ins.depth = int(o.slice(1), r.line, 'depth', 0, 1 << 20);
      else if (o === 'z') ins.zeroWidth = true;
      else throw new AsmError(r.line, `bad operand ${o}`);
    }
    return ins;
  });
  instrs.forEach((ins, at) => validate(ins, raw[at]!.line));
  const jumpTable = new Map<number, number>();
  for (const j of jt) {
    if (jumpTable.has(j.tid)) throw new AsmError(j.line, `template id ${j.tid} in the jump table twice`);
    jumpTable.set(j.tid, resolve(j.label, j.line));
  }
  return { instrs, consts, slots, jumpTable, labels };
}

const NEEDS_TARGET = new Set<string>(['jmp', 'seq', 'eom']);

/** Operand checks, so that a listing the engine would misread is rejected at its line. */
function validate(ins: Instr, line: number): void {
  if (NEEDS_TARGET.has(ins.op) && ins.target === null) throw new AsmError(line, `${ins.op} needs a jump target`);
  if (ins.op === 'group' && ins.field?.optional && ins.target === null) throw new AsmError(line, 'an optional group needs a jump target');
  if (ins.op === 'tid' && ins.slot === undefined) throw new AsmError(line, 'tid needs a dictionary slot');
  const dot = ins.op.indexOf('.');
  if (dot < 0) return;
  const op = ins.op.slice(0, dot);
  const type = ins.op.slice(dot + 1);
  if (ins.field === null) throw new AsmError(line, `${ins.op} needs a field`);
  if ((op === 'copy' || op === 'incr' || op === 'delta' || op === 'tail') && ins.slot === undefined) throw new AsmError(line, `${op} needs a dictionary slot (d<n>)`);
  if (op === 'const' && ins.k === undefined) throw new AsmError(line, 'const needs a constant (k<n>)');
  if ((type === 'len' || type === 'exp') && ins.target === null) throw new AsmError(line, `${type} needs a jump target (taken on NULL)`);
}
