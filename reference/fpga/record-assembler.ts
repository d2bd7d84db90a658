import type { CanonicalErrorBody, CanonicalFields, CanonicalMessage, CanonicalValue } from '../fast/canonical.ts';
import { setField } from '../fast/store-sites.ts';
import { STATUS } from './dma-ring.ts';
import { errorBody } from './error-codes.ts';
import { FID } from './isa.ts';
import type { NodeMeta, ProgramMeta, TemplateMeta } from './metadata.ts';

/**
 * The host side of the DMA ring: turns records (in ring order) back into canonical messages,
 * using the compiled program's metadata to map field ids to names (spec/fpga/dma-record.md).
 * Malformed record streams (an id the metadata does not know, a continuation with nothing to
 * continue) raise RecordFormatError: a vendor's ring output is checked, not trusted.
 * Fields are stored with setField, so a field named `__proto__` becomes an own property.
 */
export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';
}

interface Scope {
  readonly meta: TemplateMeta;
  readonly fields: CanonicalFields;
  /** Open group objects and current sequence elements, by node id (arrays: node ids are small). */
  readonly open: (CanonicalFields | undefined)[];
  /** Sequence arrays, by sequence node id. */
  readonly arrays: (CanonicalFields[] | undefined)[];
}

type Pending =
  | { readonly kind: 'dec'; readonly exponent: number; readonly into: CanonicalFields; readonly name: string }
  | { kind: 'bytes'; readonly node: NodeMeta; readonly into: CanonicalFields; readonly buf: Uint8Array; filled: number };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A little-endian word of a record, read without a DataView per record. */
function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** The decimal text of a 64-bit word; without a BigInt when it fits 32 bits (most values). */
function intText(lo: number, hi: number, signed: boolean): string {
  if (hi === 0) return String(lo);
  if (signed && hi === 0xffffffff && lo >= 0x80000000) return String(lo - 0x100000000);
  const w = (BigInt(hi) << 32n) | BigInt(lo);
  return (signed ? BigInt.asIntN(64, w) : w).toString();
}

/** Every field of a scope set to null, built once per children list and copied (one shape, no store per field). */
const skeletons = new WeakMap<readonly number[], CanonicalFields>();

function init(meta: TemplateMeta, children: readonly number[]): CanonicalFields {
  let skeleton = skeletons.get(children);
  if (skeleton === undefined) {
    skeleton = {};
    for (const id of children) {
      const n = meta.nodes[id];
      if (n !== undefined && !n.dropped) setField(skeleton, n.name, null);
    }
    skeletons.set(children, skeleton);
  }
  return { ...skeleton };
}

export class RecordAssembler {
  readonly messages: CanonicalMessage[] = [];
  readonly reports: CanonicalErrorBody[] = [];
  error: CanonicalErrorBody | null = null;
  private msg: { templateId: number; fields: CanonicalFields } | null = null;
  private scopes: Scope[] = [];
  private pending: Pending | null = null;
  private failed = false;
  /** Continuation records skipped while resynchronising after an overrun. */
  skipped = 0;
  private resyncing = false;

  constructor(private readonly meta: ProgramMeta) {}

  /** After an overrun: drop the message being assembled and wait for the next message start. */
  resync(): void {
    this.msg = null;
    this.scopes = [];
    this.pending = null;
    this.failed = false;
    this.resyncing = true;
  }

  push(rec: Uint8Array): void {
    const status = rec[63]!;
    if (this.resyncing) {
      if ((status & STATUS.cont) !== 0) {
        this.skipped++;
        return;
      }
      this.resyncing = false;
    }
    for (let i = 0; i < 7; i++) {
      const id = rec[56 + i]!;
      if (id === FID.empty) continue;
      const o = 8 * i;
      this.slot(id, u32le(rec, o), u32le(rec, o + 4));
    }
    if ((status & STATUS.eom) !== 0) {
      if (this.pending !== null) throw new RecordFormatError('message ends inside a multi-word value');
      if ((status & STATUS.err) === 0) {
        if (this.msg === null) throw new RecordFormatError('end of message without a message header');
        this.messages.push(this.msg);
      }
      this.msg = null;
      this.scopes = [];
      this.failed = false;
    }
  }

  private word(lo: number, hi: number): bigint {
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  private slot(id: number, lo: number, hi: number): void {
    if (this.pending !== null) {
      if (id !== FID.continuation) throw new RecordFormatError(`slot id ${id} inside a multi-word value`);
      this.continuation(lo, hi);
      return;
    }
    switch (id) {
      case FID.continuation:
        throw new RecordFormatError('continuation slot with nothing to continue');
      case FID.report: {
        const b = errorBody(this.word(lo, hi));
        if (b === undefined) throw new RecordFormatError('report slot with an unknown code');
        this.reports.push(b);
        return;
      }
      case FID.error: {
        const b = errorBody(this.word(lo, hi));
        if (b === undefined) throw new RecordFormatError('error slot with an unknown code');
        this.error = b;
        this.failed = true;
        return;
      }
      case FID.header: {
        const meta = this.template(lo);
        this.msg = { templateId: lo, fields: init(meta, meta.children) };
        this.scopes = [{ meta, fields: this.msg.fields, open: [], arrays: [] }];
        return;
      }
      case FID.endNested:
        if (this.scopes.length < 2) throw new RecordFormatError('end-of-nested marker outside a nested template');
        this.scopes.pop();
        return;
    }
    const scope = this.scopes[this.scopes.length - 1];
    if (scope === undefined || this.failed) throw new RecordFormatError(`field id ${id} outside a message`);
    const node = scope.meta.nodes[id];
    if (node === undefined) throw new RecordFormatError(`field id ${id} unknown in template ${scope.meta.name}`);
    switch (node.kind) {
      case 'int': {
        const signed = node.intType === 'int32' || node.intType === 'int64';
        setField(this.container(scope, node.parent, id), node.name, intText(lo, hi, signed));
        return;
      }
      case 'dec':
        this.pending = { kind: 'dec', exponent: lo | 0, into: this.container(scope, node.parent, id), name: node.name };
        return;
      case 'ascii':
      case 'uni':
      case 'bytes': {
        const into = this.container(scope, node.parent, id);
        if (hi !== 0) throw new RecordFormatError(`length ${this.word(lo, hi)} too large`);
        const p: Pending = { kind: 'bytes', node, into, buf: new Uint8Array(lo), filled: 0 };
        if (lo === 0) this.finishBytes(p);
        else this.pending = p;
        return;
      }
      case 'group': {
        const g = init(scope.meta, node.children);
        setField(this.container(scope, node.parent, id), node.name, g);
        scope.open[id] = g;
        return;
      }
      case 'len': {
        const seq = scope.meta.nodes[node.parent];
        if (seq === undefined) throw new RecordFormatError(`length id ${id} without its sequence`);
        const arr: CanonicalFields[] = [];
        setField<CanonicalValue>(this.container(scope, seq.parent, id), seq.name, arr);
        scope.arrays[seq.id] = arr;
        scope.open[seq.id] = undefined;
        return;
      }
      case 'seq': {
        const arr = scope.arrays[id];
        if (arr === undefined) throw new RecordFormatError(`element of sequence ${node.name} before its length`);
        const el = init(scope.meta, node.children);
        arr.push(el);
        scope.open[id] = el;
        return;
      }
      case 'dyn': {
        const meta = this.template(lo);
        const nested = { templateId: lo, fields: init(meta, meta.children) };
        setField(this.container(scope, node.parent, id), node.name, nested as unknown as CanonicalValue);
        this.scopes.push({ meta, fields: nested.fields, open: [], arrays: [] });
        return;
      }
    }
  }

  /** The object a field of `parent` goes into (a method, not a closure per slot: slots are the hot path). */
  private container(scope: Scope, parent: number, id: number): CanonicalFields {
    const c = parent === 0 ? scope.fields : scope.open[parent];
    if (c === undefined) throw new RecordFormatError(`field id ${id} before its enclosing group or element`);
    return c;
  }

  private template(tid: number): TemplateMeta {
    const meta = this.meta.get(tid);
    if (meta === undefined) throw new RecordFormatError(`template id ${tid} unknown to the program`);
    return meta;
  }

  private continuation(lo: number, hi: number): void {
    const p = this.pending!;
    if (p.kind === 'dec') {
      setField(p.into, p.name, { exponent: p.exponent, mantissa: BigInt.asIntN(64, this.word(lo, hi)).toString() });
      this.pending = null;
      return;
    }
    for (let k = 0; k < 8 && p.filled < p.buf.length; k++) p.buf[p.filled++] = (k < 4 ? lo >>> (8 * k) : hi >>> (8 * (k - 4))) & 0xff;
    if (p.filled === p.buf.length) this.finishBytes(p);
  }

  private finishBytes(p: Extract<Pending, { kind: 'bytes' }>): void {
    this.pending = null;
    const b = p.buf;
    let v: CanonicalValue;
    if (p.node.kind === 'ascii') {
      let s = '';
      for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
      v = s;
    } else if (p.node.kind === 'uni') {
      try {
        v = utf8.decode(b);
      } catch {
        throw new RecordFormatError(`unicode field ${p.node.name} is not valid UTF-8`);
      }
    } else {
      let s = '';
      for (let i = 0; i < b.length; i++) s += HEX[b[i]!]!;
      v = { hex: s };
    }
    setField(p.into, p.node.name, v);
  }
}
