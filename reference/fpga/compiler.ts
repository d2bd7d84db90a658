import type { Field, InitialValue, IntegerType, Operator, Template, TemplateSet } from '../fast/template-model.ts';
import { resolveTemplateRef } from '../fast/template-set.ts';
import { FpgaCompileError } from './compile-error.ts';
import { MAX_NODE_ID, type Const, type DictSlot, type FieldOp, type Instr, type Opcode, type Program, type VType } from './isa.ts';
import type { NodeKind, NodeMeta, ProgramMeta, TemplateMeta } from './metadata.ts';

/**
 * The compiler: a FAST template set -> microcode program + jump table + host metadata.
 *
 * Layout: a dispatcher at 0 (`next; pmap; tid d0; msg; endpmap; eom -> start`), then one routine
 * per template that has an id, ending in `ret`. Static templateRefs are expanded inline (same
 * presence map); dynamic ones compile to `pmap; tid d0; dyn; endpmap; endref`. Field ids are
 * given per template in pre-order (see metadata.ts). Dictionary slot 0 is the template id's
 * entry (copy, global dictionary); every other slot is one distinct DictionaryRef.
 */
export interface CompileOptions {
  /** Fields the program drops (fid '-'): not written to the ring, absent from canonical output. */
  readonly drop?: (template: string, field: string) => boolean;
}

export interface Compiled {
  readonly program: Program;
  readonly meta: ProgramMeta;
}

/** The template id's dictionary entry (global; a key no XML name can spell). */
export const TID_SLOT: DictSlot = { scope: 'global', qualifier: '', key: '\u0000templateId' };

const OPS: Record<Operator['kind'], FieldOp> = {
  none: 'none',
  constant: 'const',
  default: 'default',
  copy: 'copy',
  increment: 'incr',
  delta: 'delta',
  tail: 'tail',
};

const INT_VTYPE: Record<IntegerType, VType> = { int32: 'i32', uInt32: 'u32', int64: 'i64', uInt64: 'u64' };

/** Presence-map bits an operator takes (FAST 1.1 Appendix 3.3). */
export function operatorBits(kind: Operator['kind'], optional: boolean): number {
  switch (kind) {
    case 'none':
    case 'delta':
      return 0;
    case 'constant':
      return optional ? 1 : 0;
    default:
      return 1;
  }
}

interface Instrs {
  field: Instr['field'];
  fid: number | null;
  op: Opcode;
  slot?: number;
  k?: number;
  depth?: number;
  zeroWidth?: boolean;
  target: number | null;
}

class Builder {
  readonly instrs: Instrs[] = [];
  readonly labels = new Map<number, string>();
  readonly consts: Const[] = [];
  readonly slots: DictSlot[] = [TID_SLOT];
  private readonly slotIndex = new Map<string, number>([[`${TID_SLOT.scope}\u0000${TID_SLOT.qualifier}\u0000${TID_SLOT.key}`, 0]]);
  private labelCount = 0;

  emit(i: Omit<Instrs, 'target'> & { target?: number | null }): Instrs {
    const ins: Instrs = { target: null, ...i };
    this.instrs.push(ins);
    return ins;
  }

  /** Marks the next instruction with a label (unique names). */
  here(label?: string): number {
    const at = this.instrs.length;
    if (!this.labels.has(at)) this.labels.set(at, label ?? `L${++this.labelCount}`);
    return at;
  }

  slot(ref: { scope: string; qualifier: string; key: string; id: string }): number {
    let s = this.slotIndex.get(ref.id);
    if (s === undefined) {
      s = this.slots.length;
      this.slots.push({ scope: ref.scope, qualifier: ref.qualifier, key: ref.key });
      this.slotIndex.set(ref.id, s);
    }
    return s;
  }

  konst(c: Const): number {
    this.consts.push(c);
    return this.consts.length - 1;
  }
}

/** The initial value as the field's type holds it (ascii: one byte per char; unicode: UTF-8). */
function toConst(v: InitialValue, type: VType): Const | string {
  const isStr = type === 'ascii' || type === 'uni' || type === 'bytes';
  switch (v.kind) {
    case 'integer':
      return isStr || type === 'dec' ? `integer initial value on a ${type} field` : { kind: 'int', value: v.value };
    case 'decimal':
      return type === 'dec' ? { kind: 'dec', exponent: v.exponent, mantissa: v.mantissa } : `decimal initial value on a ${type} field`;
    case 'string':
      if (type === 'ascii') return { kind: 'ascii', value: Uint8Array.from(v.value, (c) => c.charCodeAt(0) & 0x7f) };
      if (type === 'uni') return { kind: 'uni', value: new TextEncoder().encode(v.value) };
      return `string initial value on a ${type} field`;
    case 'bytes':
      return type === 'bytes' ? { kind: 'bytes', value: v.value } : `byteVector initial value on a ${type} field`;
  }
}

class RoutineCompiler {
  private nextId = 1;
  readonly nodes: (NodeMeta | undefined)[] = [];
  readonly rootChildren: number[] = [];
  private readonly childLists = new Map<number, number[]>();

  constructor(
    private readonly b: Builder,
    private readonly set: TemplateSet,
    private readonly template: Template,
    private readonly options: CompileOptions,
  ) {}

  private fail(field: string | undefined, reason: string): never {
    throw new FpgaCompileError(this.template.name, field, reason);
  }

  private node(kind: NodeKind, name: string, parent: number, extra: { intType?: IntegerType; dropped?: boolean } = {}, listed = true): number {
    if (this.nextId > MAX_NODE_ID) this.fail(name, `more than ${MAX_NODE_ID} field ids in one template (the DMA record's ids are 8-bit)`);
    const id = this.nextId++;
    const children: number[] = [];
    this.childLists.set(id, children);
    this.nodes[id] = { id, kind, name, parent, children, dropped: extra.dropped ?? false, ...(extra.intType ? { intType: extra.intType } : {}) };
    if (listed) (parent === 0 ? this.rootChildren : this.childLists.get(parent)!).push(id);
    return id;
  }

  /** Presence-map bits the fields take in their own segment (static refs expanded). */
  bits(fields: readonly Field[], seen: Set<Template>): number {
    let n = 0;
    for (const f of fields) {
      switch (f.kind) {
        case 'integer':
        case 'string':
        case 'byteVector':
          n += operatorBits(f.op.kind, f.presence === 'optional');
          break;
        case 'decimal':
          if (f.operators.form === 'single') n += operatorBits(f.operators.op.kind, f.presence === 'optional');
          else n += operatorBits(f.operators.exponent.kind, f.presence === 'optional') + operatorBits(f.operators.mantissa.kind, false);
          break;
        case 'group':
          n += f.presence === 'optional' ? 1 : 0;
          break;
        case 'sequence':
          n += operatorBits(f.length.op.kind, f.presence === 'optional');
          break;
        case 'templateRef': {
          if (f.template === undefined) break;
          const t = this.resolve(f.name, f);
          if (seen.has(t)) this.fail(f.name, 'static templateRef cycle');
          n += this.bits(t.fields, new Set([...seen, t]));
          break;
        }
      }
    }
    return n;
  }

  /** True when every instance of the list reads at least one byte (bounds sequence lengths). */
  minOneByte(fields: readonly Field[], seen: Set<Template>): boolean {
    if (this.bits(fields, seen) > 0) return true;
    for (const f of fields) {
      switch (f.kind) {
        case 'integer':
        case 'string':
        case 'byteVector':
          if (f.op.kind === 'none' || f.op.kind === 'delta') return true;
          break;
        case 'decimal': {
          const ops = f.operators;
          const kinds = ops.form === 'single' ? [ops.op.kind] : [ops.exponent.kind, ops.mantissa.kind];
          if (kinds.some((k) => k === 'none' || k === 'delta')) return true;
          break;
        }
        case 'group':
          if (f.presence === 'mandatory' && this.minOneByte(f.fields, seen)) return true;
          break;
        case 'sequence':
          if (f.length.op.kind === 'none' || f.length.op.kind === 'delta') return true;
          break;
        case 'templateRef': {
          if (f.template === undefined) return true;
          const t = this.resolve(f.name, f);
          if (!seen.has(t) && this.minOneByte(t.fields, new Set([...seen, t]))) return true;
          break;
        }
      }
    }
    return false;
  }

  private resolve(name: string, f: Field & { kind: 'templateRef' }): Template {
    const t = resolveTemplateRef(this.set, f);
    if (t === undefined) this.fail(name, `static templateRef to unknown template "${f.template?.name}"`);
    return t;
  }

  private op(name: string, op: Operator, type: VType, optional: boolean): { op: Opcode; slot?: number; k?: number } {
    const kind = OPS[op.kind];
    const isInt = type === 'i32' || type === 'u32' || type === 'i64' || type === 'u64' || type === 'exp' || type === 'mant' || type === 'len';
    const isStr = type === 'ascii' || type === 'uni' || type === 'bytes';
    if (kind === 'incr' && !isInt) this.fail(name, `increment does not apply to ${type}`);
    if (kind === 'tail' && !isStr) this.fail(name, `tail does not apply to ${type}`);
    if (kind === 'const' && op.initial === undefined) this.fail(name, 'constant without a value');
    if (kind === 'default' && !optional && op.initial === undefined) this.fail(name, 'mandatory default without an initial value');
    const out: { op: Opcode; slot?: number; k?: number } = { op: `${kind}.${type}` };
    if (kind !== 'none' && kind !== 'const' && kind !== 'default') {
      if (op.dictionary === undefined) this.fail(name, `${op.kind} without a dictionary entry`);
      out.slot = this.b.slot(op.dictionary);
    }
    if (op.initial !== undefined && kind !== 'none') {
      const c = toConst(op.initial, type);
      if (typeof c === 'string') this.fail(name, c);
      out.k = this.b.konst(c);
    }
    return out;
  }

  fields(fields: readonly Field[], parent: number, seen: Set<Template>, depth: number): void {
    const b = this.b;
    for (const f of fields) {
      const optional = f.presence === 'optional';
      const dropped = f.kind !== 'group' && f.kind !== 'sequence' && f.kind !== 'templateRef' && (this.options.drop?.(this.template.name, f.name) ?? false);
      switch (f.kind) {
        case 'integer': {
          const id = this.node('int', f.name, parent, { intType: f.type, dropped });
          b.emit({ field: { name: f.name, optional }, fid: dropped ? null : id, ...this.op(f.name, f.op, INT_VTYPE[f.type], optional) });
          break;
        }
        case 'string':
        case 'byteVector': {
          const type: VType = f.kind === 'byteVector' ? 'bytes' : f.charset === 'unicode' ? 'uni' : 'ascii';
          const id = this.node(type === 'bytes' ? 'bytes' : type, f.name, parent, { dropped });
          b.emit({ field: { name: f.name, optional }, fid: dropped ? null : id, ...this.op(f.name, f.op, type, optional) });
          break;
        }
        case 'decimal': {
          const id = this.node('dec', f.name, parent, { dropped });
          if (f.operators.form === 'single') {
            if (f.operators.op.kind === 'increment' || f.operators.op.kind === 'tail') this.fail(f.name, `${f.operators.op.kind} does not apply to decimal`);
            b.emit({ field: { name: f.name, optional }, fid: dropped ? null : id, ...this.op(f.name, f.operators.op, 'dec', optional) });
          } else {
            if (f.operators.exponent.kind === 'tail' || f.operators.mantissa.kind === 'tail') this.fail(f.name, 'tail does not apply to decimal parts');
            const exp = b.emit({ field: { name: f.name, optional }, fid: null, ...this.op(f.name, f.operators.exponent, 'exp', optional) });
            b.emit({ field: { name: f.name, optional: false }, fid: dropped ? null : id, ...this.op(f.name, f.operators.mantissa, 'mant', false) });
            exp.target = b.here();
          }
          break;
        }
        case 'group': {
          const id = this.node('group', f.name, parent);
          const head = b.emit({ field: { name: f.name, optional }, fid: id, op: 'group', depth: depth + 1 });
          const own = this.bits(f.fields, seen) > 0;
          if (own) b.emit({ field: null, fid: null, op: 'pmap' });
          this.fields(f.fields, id, seen, depth + 1);
          if (own) b.emit({ field: null, fid: null, op: 'endpmap' });
          head.target = b.here();
          break;
        }
        case 'sequence': {
          const id = this.node('seq', f.name, parent);
          const lenId = this.node('len', f.length.name, id, {}, false);
          const zeroWidth = !this.minOneByte(f.fields, seen);
          const len = b.emit({ field: { name: f.length.name, optional }, fid: lenId, ...this.op(f.length.name, f.length.op, 'len', optional), depth: depth + 1, ...(zeroWidth ? { zeroWidth } : {}) });
          const headAt = b.here();
          const head = b.emit({ field: { name: f.name, optional: false }, fid: id, op: 'seq' });
          const own = this.bits(f.fields, seen) > 0;
          if (own) b.emit({ field: null, fid: null, op: 'pmap' });
          this.fields(f.fields, id, seen, depth + 1);
          if (own) b.emit({ field: null, fid: null, op: 'endpmap' });
          b.emit({ field: null, fid: null, op: 'jmp', target: headAt });
          len.target = head.target = b.here();
          break;
        }
        case 'templateRef': {
          if (f.template !== undefined) {
            const t = this.resolve(f.name, f);
            if (seen.has(t)) this.fail(f.name, 'static templateRef cycle');
            b.emit({ field: { name: f.name, optional: false }, fid: null, op: 'enter', depth: depth + 1 });
            this.fields(t.fields, parent, new Set([...seen, t]), depth + 1);
          } else {
            const id = this.node('dyn', f.name, parent);
            b.emit({ field: { name: f.name, optional: false }, fid: null, op: 'enter', depth: depth + 1 });
            b.emit({ field: null, fid: null, op: 'pmap' });
            b.emit({ field: null, fid: null, op: 'tid', slot: 0 });
            b.emit({ field: { name: f.name, optional: false }, fid: id, op: 'dyn', depth: depth + 1 });
            b.emit({ field: null, fid: null, op: 'endpmap' });
            b.emit({ field: null, fid: null, op: 'endref' });
          }
          break;
        }
      }
    }
  }

  meta(tid: number): TemplateMeta {
    return { name: this.template.name, tid, children: this.rootChildren, nodes: this.nodes };
  }
}

export function compile(set: TemplateSet, options: CompileOptions = {}): Compiled {
  const b = new Builder();
  const start = b.here('start');
  b.emit({ field: null, fid: null, op: 'next' });
  b.emit({ field: null, fid: null, op: 'pmap' });
  b.emit({ field: null, fid: null, op: 'tid', slot: 0 });
  b.emit({ field: null, fid: null, op: 'msg' });
  b.emit({ field: null, fid: null, op: 'endpmap' });
  b.emit({ field: null, fid: null, op: 'eom', target: start });
  const jumpTable = new Map<number, number>();
  const meta = new Map<number, TemplateMeta>();
  const used = new Set<string>(['start']);
  for (const t of set.templates) {
    if (t.id === undefined) continue;
    let label = t.name;
    for (let n = 2; used.has(label) || /^L\d+$/.test(label); n++) label = `${t.name}~${n}`;
    used.add(label);
    const entry = b.here(label);
    const rc = new RoutineCompiler(b, set, t, options);
    rc.bits(t.fields, new Set([t])); // rejects cycles and unknown refs up front
    rc.fields(t.fields, 0, new Set([t]), 0);
    b.emit({ field: null, fid: null, op: 'ret' });
    jumpTable.set(t.id, entry);
    meta.set(t.id, rc.meta(t.id));
  }
  const program: Program = {
    instrs: b.instrs.map((i) => Object.freeze({ ...i })),
    consts: b.consts,
    slots: b.slots,
    jumpTable,
    labels: b.labels,
  };
  return { program, meta };
}
