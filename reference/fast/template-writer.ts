/**
 * Prints a `TemplateSet` as FAST 1.1 template XML that `parseTemplates` reads back to the same
 * set (ignoring `loc`). Generators hand vendor decoders their templates through this, so every
 * model feature is spelled out: `dictionary` / `key` wherever they differ from what the element
 * would inherit, `typeRef`, explicit vs implicit sequence lengths, namespaces (an empty `ns` /
 * `templateNs` undoes an inherited one). Containers never carry a `dictionary` attribute, so an
 * operator's inherited scope is always 'global'.
 */
import { FastError } from './errors.ts';
import { formatInitialValue } from './initial-value.ts';
import type { Field, Operator, SequenceField, Template, TemplateSet } from './template-model.ts';
import { decimalPartKey } from './template-set.ts';
import { FAST_NS } from './template-xml-tree.ts';

// Characters XML 1.0 cannot carry at all, even as references.
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function escapeAttr(value: string, what: string, code: 'S1' | 'S3'): string {
  if (NOT_XML.test(value)) throw new FastError(code, `${what} ${JSON.stringify(value)} has a character XML 1.0 cannot represent`);
  return value.replace(/[&<>"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Attrs = ReadonlyArray<readonly [string, string | undefined]>;

class XmlOut {
  private readonly lines: string[] = [];

  private open(depth: number, tag: string, attrs: Attrs, selfClose: boolean): void {
    let s = `${'  '.repeat(depth)}<${tag}`;
    for (const [k, v] of attrs) {
      if (v === undefined) continue;
      const code = k === 'value' ? 'S3' : 'S1';
      if (code === 'S1' && (k === 'name' || k === 'dictionary' || k === 'key') && v.trim() === '') {
        throw new FastError('S1', `<${tag}> with an empty ${k} cannot be written`);
      }
      s += ` ${k}="${escapeAttr(v, `${tag} ${k}`, code)}"`;
    }
    this.lines.push(`${s}${selfClose ? '/>' : '>'}`);
  }

  leaf(depth: number, tag: string, attrs: Attrs): void {
    this.open(depth, tag, attrs, true);
  }

  element(depth: number, tag: string, attrs: Attrs, body: (depth: number) => void): void {
    const before = this.lines.length;
    this.open(depth, tag, attrs, false);
    body(depth + 1);
    if (this.lines.length === before + 1) this.lines[before] = `${this.lines[before]!.slice(0, -1)}/>`;
    else this.lines.push(`${'  '.repeat(depth)}</${tag}>`);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** What an element inherits in the XML the writer prints. */
interface Inherited {
  readonly ns: string | undefined;
  readonly templateNs: string | undefined;
}

/** An `ns` / `templateNs` attribute only where the value differs from the inherited one. */
function nsAttr(own: string | undefined, inherited: string | undefined): string | undefined {
  if (own === inherited) return undefined;
  return own ?? '';
}

export function writeTemplatesXml(set: TemplateSet): string {
  const out = new XmlOut();
  const body = (d: number): void => {
    for (const t of set.templates) writeTemplate(out, d, t);
  };
  out.element(0, 'templates', [['xmlns', FAST_NS]], body);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out.text()}`;
}

function writeTemplate(out: XmlOut, depth: number, t: Template): void {
  const attrs: Attrs = [
    ['name', t.name],
    ['templateNs', t.ns],
    ['id', t.id === undefined ? undefined : String(t.id)],
  ];
  out.element(depth, 'template', attrs, (d) => {
    if (t.typeRef !== undefined) out.leaf(d, 'typeRef', [['name', t.typeRef]]);
    writeFields(out, d, t.fields, { ns: undefined, templateNs: t.ns });
  });
}

function writeFields(out: XmlOut, depth: number, fields: readonly Field[], inh: Inherited): void {
  for (const f of fields) writeField(out, depth, f, inh);
}

function fieldAttrs(f: Exclude<Field, { kind: 'templateRef' }>, inh: Inherited, extra: Attrs = []): Attrs {
  return [
    ['name', f.name],
    ['id', f.id],
    ['ns', nsAttr(f.ns, inh.ns)],
    ['presence', f.presence === 'optional' ? 'optional' : undefined],
    ...extra,
  ];
}

function writeField(out: XmlOut, depth: number, f: Field, inh: Inherited): void {
  switch (f.kind) {
    case 'integer':
      out.element(depth, f.type, fieldAttrs(f, inh), (d) => writeOperator(out, d, f.op, f.name));
      return;
    case 'decimal':
      out.element(depth, 'decimal', fieldAttrs(f, inh), (d) => {
        const ops = f.operators;
        if (ops.form === 'single') {
          writeOperator(out, d, ops.op, f.name);
          return;
        }
        out.element(d, 'exponent', [], (dd) => writeOperator(out, dd, ops.exponent, decimalPartKey(f.name, 'exponent')));
        out.element(d, 'mantissa', [], (dd) => writeOperator(out, dd, ops.mantissa, decimalPartKey(f.name, 'mantissa')));
      });
      return;
    case 'string':
      out.element(depth, 'string', fieldAttrs(f, inh, [['charset', f.charset === 'unicode' ? 'unicode' : undefined]]), (d) => {
        if (f.lengthName !== undefined) out.leaf(d, 'length', [['name', f.lengthName]]);
        writeOperator(out, d, f.op, f.name);
      });
      return;
    case 'byteVector':
      out.element(depth, 'byteVector', fieldAttrs(f, inh), (d) => {
        if (f.lengthName !== undefined) out.leaf(d, 'length', [['name', f.lengthName]]);
        writeOperator(out, d, f.op, f.name);
      });
      return;
    case 'group':
      out.element(depth, 'group', fieldAttrs(f, inh), (d) => {
        if (f.typeRef !== undefined) out.leaf(d, 'typeRef', [['name', f.typeRef]]);
        writeFields(out, d, f.fields, { ...inh, ns: f.ns });
      });
      return;
    case 'sequence':
      out.element(depth, 'sequence', fieldAttrs(f, inh), (d) => {
        if (f.typeRef !== undefined) out.leaf(d, 'typeRef', [['name', f.typeRef]]);
        writeLength(out, d, f, f.ns);
        writeFields(out, d, f.fields, { ...inh, ns: f.ns });
      });
      return;
    case 'templateRef':
      if (f.template === undefined) out.leaf(depth, 'templateRef', []);
      else out.leaf(depth, 'templateRef', [['name', f.template.name], ['templateNs', nsAttr(f.template.ns, inh.templateNs)]]);
      return;
  }
}

function writeLength(out: XmlOut, depth: number, s: SequenceField, inheritedNs: string | undefined): void {
  const l = s.length;
  if (l.implicit) return;
  out.element(depth, 'length', [['name', l.name], ['id', l.id], ['ns', nsAttr(l.ns, inheritedNs)]], (d) => writeOperator(out, d, l.op, l.name));
}

function writeOperator(out: XmlOut, depth: number, op: Operator, defaultKey: string): void {
  if (op.kind === 'none') return;
  const dict = op.kind === 'constant' ? undefined : op.dictionary;
  out.leaf(depth, op.kind, [
    ['value', op.initial === undefined ? undefined : formatInitialValue(op.initial)],
    ['dictionary', dict === undefined || dict.scope === 'global' ? undefined : dict.scope],
    ['key', dict === undefined || dict.key === defaultKey ? undefined : dict.key],
  ]);
}
