/**
 * The FAST 1.1 template XML parser (spec §4–§6, schema in Appendix 1): XML text in, a checked
 * `TemplateSet` out, or a `FastError` with the static error code (Appendix 4) and the place.
 * spec/fast/templates.md documents what is accepted and every choice made here.
 */
import { FastError } from './errors.ts';
import type { StaticCode } from './errors.ts';
import {
  EXPONENT_MAX,
  EXPONENT_MIN,
  InitialValueError,
  parseAsciiValue,
  parseDecimalValue,
  parseHexValue,
  parseIntegerValue,
} from './initial-value.ts';
import type {
  ByteVectorField,
  DecimalField,
  Field,
  GroupField,
  InitialValue,
  IntegerField,
  IntegerType,
  Operator,
  OperatorKind,
  Presence,
  SequenceField,
  SourceLocation,
  StringField,
  Template,
  TemplateRefField,
  TemplateSet,
} from './template-model.ts';
import { DEFAULT_MAX_DEPTH, decimalPartKey, dictionaryQualifier, implicitLengthName, makeDictionaryRef, makeTemplateSet } from './template-set.ts';
import { readXml } from './template-xml-tree.ts';
import type { XmlElement } from './template-xml-tree.ts';

export interface ParseTemplatesOptions {
  /** Named in error messages. */
  readonly file?: string;
  /** Deepest nesting of groups / sequences (and static templateRefs, expanded); default 32. */
  readonly maxDepth?: number;
}

const INTEGER_TYPES: ReadonlySet<string> = new Set<IntegerType>(['int32', 'uInt32', 'int64', 'uInt64']);
const OPERATORS: ReadonlySet<string> = new Set<OperatorKind>(['constant', 'default', 'copy', 'increment', 'delta', 'tail']);

/** What an operator's value is, for the applicability (S2) and initial-value (S3) checks. */
type ValueType =
  | { readonly kind: 'integer'; readonly type: IntegerType; readonly exponent?: true }
  | { readonly kind: 'decimal' }
  | { readonly kind: 'ascii' }
  | { readonly kind: 'unicode' }
  | { readonly kind: 'bytes' };

/** What nested elements inherit. */
interface Scope {
  readonly template: string;
  readonly templateNs: string | undefined;
  readonly ns: string | undefined;
  readonly dictionary: string;
  readonly typeRef: string | undefined;
  /** Groups / sequences enclosing the current element. */
  readonly level: number;
}

export function parseTemplates(xml: string, options: ParseTemplatesOptions = {}): TemplateSet {
  return new Parser(options).parse(xml);
}

class Parser {
  private readonly file: string | undefined;
  private readonly maxDepth: number;

  constructor(options: ParseTemplatesOptions) {
    this.file = options.file;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  parse(xml: string): TemplateSet {
    // templates > template > field > exponent > operator is 5 levels around maxDepth groups.
    const root = readXml(xml, { ...(this.file === undefined ? {} : { file: this.file }), maxElementDepth: this.maxDepth + 8 });
    const templates: Template[] = [];
    const top = { templateNs: undefined, ns: undefined, dictionary: 'global' };
    if (root.local === 'templates') {
      const inherited = this.containerAttrs(root, top);
      for (const child of root.children) {
        if (child.local !== 'template') this.fail('S1', `unexpected <${child.local}> in <templates> (expected <template>)`, child);
        templates.push(this.template(child, inherited));
      }
    } else if (root.local === 'template') {
      templates.push(this.template(root, top));
    } else {
      this.fail('S1', `root element <${root.local}> is not <templates> or <template>`, root);
    }
    return makeTemplateSet(templates, { maxDepth: this.maxDepth, ...(this.file === undefined ? {} : { file: this.file }) });
  }

  // --- errors and attributes ---

  private fail(code: StaticCode, message: string, el: XmlElement, site: { template?: string; field?: string } = {}): never {
    const where = `${this.file === undefined ? '' : `${this.file}:`}line ${el.line}, column ${el.column}: `;
    // Name the template in the message too, so a one-line error says template, field and line.
    const inTemplate = site.template !== undefined ? `template "${site.template}", ` : '';
    throw new FastError(code, `${where}${inTemplate}${message}`, -1, { ...site, line: el.line, column: el.column });
  }

  private loc(el: XmlElement): SourceLocation {
    return { line: el.line, column: el.column };
  }

  /** An attribute that must be a non-empty name when present. */
  private nameAttr(el: XmlElement, attr: string, site: { template?: string; field?: string }): string | undefined {
    const v = el.attrs.get(attr);
    if (v !== undefined && v.trim() === '') this.fail('S1', `<${el.local}> has an empty ${attr} attribute`, el, site);
    return v;
  }

  private requiredName(el: XmlElement, site: { template?: string; field?: string }): string {
    const v = this.nameAttr(el, 'name', site);
    if (v === undefined) this.fail('S1', `<${el.local}> has no name attribute`, el, site);
    return v;
  }

  /** `ns` / `templateNs`: an empty value means "no namespace" (how the writer undoes inheritance). */
  private nsAttr(el: XmlElement, attr: 'ns' | 'templateNs', inherited: string | undefined): string | undefined {
    const v = el.attrs.get(attr);
    if (v === undefined) return inherited;
    return v === '' ? undefined : v;
  }

  private containerAttrs(
    el: XmlElement,
    outer: { templateNs: string | undefined; ns: string | undefined; dictionary: string },
    site: { template?: string; field?: string } = {},
  ): { templateNs: string | undefined; ns: string | undefined; dictionary: string } {
    return {
      templateNs: this.nsAttr(el, 'templateNs', outer.templateNs),
      ns: this.nsAttr(el, 'ns', outer.ns),
      dictionary: this.nameAttr(el, 'dictionary', site) ?? outer.dictionary,
    };
  }

  private presence(el: XmlElement, site: { template?: string; field?: string }): Presence {
    const v = el.attrs.get('presence');
    if (v === undefined || v === 'mandatory') return 'mandatory';
    if (v === 'optional') return 'optional';
    return this.fail('S1', `presence="${v}" is neither "mandatory" nor "optional"`, el, site);
  }

  // --- templates ---

  private template(el: XmlElement, outer: { templateNs: string | undefined; ns: string | undefined; dictionary: string }): Template {
    const name = this.requiredName(el, {});
    const site = { template: name };
    const inherited = this.containerAttrs(el, outer, site);
    const idText = el.attrs.get('id');
    let id: number | undefined;
    if (idText !== undefined) {
      if (!/^\s*\d{1,10}\s*$/.test(idText) || Number(idText) > 0xffffffff) {
        this.fail('S1', `template "${name}": id "${idText.slice(0, 20)}" is not a uInt32`, el, site);
      }
      id = Number(idText);
    }
    const { typeRef, rest } = this.takeTypeRef(el, site);
    const scope: Scope = { template: name, ...inherited, typeRef, level: 0 };
    const fields = this.instructions(rest, scope);
    return {
      name,
      ...(inherited.templateNs === undefined ? {} : { ns: inherited.templateNs }),
      ...(id === undefined ? {} : { id }),
      ...(typeRef === undefined ? {} : { typeRef }),
      fields,
      loc: this.loc(el),
    };
  }

  /** Splits off the optional leading `<typeRef name=…/>` of a template, group or sequence. */
  private takeTypeRef(el: XmlElement, site: { template?: string; field?: string }): { typeRef: string | undefined; rest: XmlElement[] } {
    let typeRef: string | undefined;
    const rest: XmlElement[] = [];
    for (const child of el.children) {
      if (child.local !== 'typeRef') {
        rest.push(child);
        continue;
      }
      if (typeRef !== undefined) this.fail('S1', `<${el.local}> has more than one <typeRef>`, child, site);
      if (rest.length > 0) this.fail('S1', `<typeRef> must come before the instructions of <${el.local}>`, child, site);
      if (child.children.length > 0) this.fail('S1', `<typeRef> has child elements`, child, site);
      typeRef = this.requiredName(child, site);
    }
    return { typeRef, rest };
  }

  private instructions(elements: readonly XmlElement[], scope: Scope): Field[] {
    return elements.map((el) => this.instruction(el, scope));
  }

  private instruction(el: XmlElement, scope: Scope): Field {
    const t = el.local;
    if (INTEGER_TYPES.has(t)) return this.integerField(el, t as IntegerType, scope);
    switch (t) {
      case 'decimal':
        return this.decimalField(el, scope);
      case 'string':
        return this.stringField(el, scope);
      case 'byteVector':
        return this.byteVectorField(el, scope);
      case 'group':
        return this.groupField(el, scope);
      case 'sequence':
        return this.sequenceField(el, scope);
      case 'templateRef':
        return this.templateRef(el, scope);
      default:
        return this.fail('S1', `unknown or misplaced element <${t}> in template "${scope.template}"`, el, { template: scope.template });
    }
  }

  // --- fields ---

  private fieldBase(el: XmlElement, scope: Scope): { name: string; ns?: string; id?: string; presence: Presence; loc: SourceLocation } {
    const name = this.requiredName(el, { template: scope.template });
    const site = { template: scope.template, field: name };
    const ns = this.nsAttr(el, 'ns', scope.ns);
    const id = el.attrs.get('id');
    return {
      name,
      ...(ns === undefined ? {} : { ns }),
      ...(id === undefined ? {} : { id }),
      presence: this.presence(el, site),
      loc: this.loc(el),
    };
  }

  /** A field's only child may be its operator; returns it (or 'none'). */
  private singleOperator(
    children: readonly XmlElement[],
    parent: XmlElement,
    value: ValueType,
    presence: Presence,
    field: string,
    key: string,
    scope: Scope,
  ): Operator {
    let op: Operator | undefined;
    for (const child of children) {
      if (!OPERATORS.has(child.local)) {
        this.fail('S1', `unexpected <${child.local}> in <${parent.local}> "${field}"`, child, { template: scope.template, field });
      }
      if (op !== undefined) this.fail('S1', `<${parent.local}> "${field}" has more than one operator`, child, { template: scope.template, field });
      op = this.operator(child, value, presence, field, key, scope);
    }
    return op ?? { kind: 'none' };
  }

  private operator(el: XmlElement, value: ValueType, presence: Presence, field: string, key: string, scope: Scope): Operator {
    const kind = el.local as OperatorKind;
    const site = { template: scope.template, field };
    if (el.children.length > 0) this.fail('S1', `<${kind}> has child elements`, el.children[0]!, site);
    // S2 (§6.3.7, §6.3.8): increment applies to integers only, tail to strings and byte vectors.
    if (kind === 'increment' && value.kind !== 'integer') {
      this.fail('S2', `field "${field}": the increment operator does not apply to ${valueTypeName(value)}`, el, site);
    }
    if (kind === 'tail' && value.kind !== 'ascii' && value.kind !== 'unicode' && value.kind !== 'bytes') {
      this.fail('S2', `field "${field}": the tail operator does not apply to ${valueTypeName(value)}`, el, site);
    }
    const text = el.attrs.get('value');
    const initial = text === undefined ? undefined : this.initialValue(text, value, el, site);
    if (kind === 'constant' && initial === undefined) {
      this.fail('S4', `field "${field}": the constant operator has no initial value`, el, site);
    }
    if (kind === 'default' && initial === undefined && presence === 'mandatory') {
      this.fail('S5', `field "${field}": mandatory with the default operator but no initial value`, el, site);
    }
    if (kind === 'constant') return { kind, ...(initial === undefined ? {} : { initial }) };
    const scopeName = this.nameAttr(el, 'dictionary', site) ?? scope.dictionary;
    const dictionary = makeDictionaryRef(scopeName, dictionaryQualifier(scopeName, scope.template, scope.typeRef), el.attrs.get('key') ?? key);
    return { kind, ...(initial === undefined ? {} : { initial }), dictionary };
  }

  private initialValue(text: string, value: ValueType, el: XmlElement, site: { template?: string; field?: string }): InitialValue {
    try {
      switch (value.kind) {
        case 'integer': {
          const v = parseIntegerValue(text, value.type);
          if (value.exponent === true && (v < BigInt(EXPONENT_MIN) || v > BigInt(EXPONENT_MAX))) {
            throw new InitialValueError(`exponent ${v} is outside [${EXPONENT_MIN}, ${EXPONENT_MAX}]`);
          }
          return { kind: 'integer', value: v };
        }
        case 'decimal':
          return { kind: 'decimal', ...parseDecimalValue(text) };
        case 'ascii':
          return { kind: 'string', value: parseAsciiValue(text) };
        case 'unicode':
          return { kind: 'string', value: text };
        case 'bytes':
          return { kind: 'bytes', value: parseHexValue(text) };
      }
    } catch (e) {
      if (!(e instanceof InitialValueError)) throw e;
      return this.fail('S3', `field "${site.field ?? ''}": initial value not convertible to ${valueTypeName(value)}: ${e.message}`, el, site);
    }
  }

  private integerField(el: XmlElement, type: IntegerType, scope: Scope): IntegerField {
    const base = this.fieldBase(el, scope);
    const op = this.singleOperator(el.children, el, { kind: 'integer', type }, base.presence, base.name, base.name, scope);
    return { kind: 'integer', type, ...base, op };
  }

  private decimalField(el: XmlElement, scope: Scope): DecimalField {
    const base = this.fieldBase(el, scope);
    const site = { template: scope.template, field: base.name };
    const parts = el.children.filter((c) => c.local === 'exponent' || c.local === 'mantissa');
    if (parts.length === 0) {
      const op = this.singleOperator(el.children, el, { kind: 'decimal' }, base.presence, base.name, base.name, scope);
      return { kind: 'decimal', ...base, operators: { form: 'single', op } };
    }
    let exponent: Operator | undefined;
    let mantissa: Operator | undefined;
    for (const child of el.children) {
      if (child.local === 'exponent') {
        if (exponent !== undefined) this.fail('S1', `decimal "${base.name}" has more than one <exponent>`, child, site);
        // §6.2.5: the exponent has the decimal's presence; the mantissa is always mandatory.
        exponent = this.singleOperator(child.children, child, { kind: 'integer', type: 'int32', exponent: true }, base.presence, base.name, decimalPartKey(base.name, 'exponent'), scope);
      } else if (child.local === 'mantissa') {
        if (mantissa !== undefined) this.fail('S1', `decimal "${base.name}" has more than one <mantissa>`, child, site);
        mantissa = this.singleOperator(child.children, child, { kind: 'integer', type: 'int64' }, 'mandatory', base.name, decimalPartKey(base.name, 'mantissa'), scope);
      } else {
        this.fail('S1', `decimal "${base.name}": <${child.local}> cannot be mixed with <exponent>/<mantissa>`, child, site);
      }
    }
    return {
      kind: 'decimal',
      ...base,
      operators: { form: 'individual', exponent: exponent ?? { kind: 'none' }, mantissa: mantissa ?? { kind: 'none' } },
    };
  }

  /** The optional `<length name=…/>` of a unicode string or byteVector, and the remaining children. */
  private takeLengthName(el: XmlElement, site: { template?: string; field?: string }): { lengthName: string | undefined; rest: XmlElement[] } {
    let seen = false;
    let lengthName: string | undefined;
    const rest: XmlElement[] = [];
    for (const child of el.children) {
      if (child.local !== 'length') {
        rest.push(child);
        continue;
      }
      if (seen) this.fail('S1', `<${el.local}> has more than one <length>`, child, site);
      if (child.children.length > 0) this.fail('S1', `the <length> of a ${el.local} takes no operator`, child, site);
      seen = true;
      lengthName = this.nameAttr(child, 'name', site);
    }
    return { lengthName, rest };
  }

  private stringField(el: XmlElement, scope: Scope): StringField {
    const base = this.fieldBase(el, scope);
    const site = { template: scope.template, field: base.name };
    const cs = el.attrs.get('charset') ?? 'ascii';
    if (cs !== 'ascii' && cs !== 'unicode') this.fail('S1', `string "${base.name}": charset="${cs}" is neither "ascii" nor "unicode"`, el, site);
    const { lengthName, rest } = this.takeLengthName(el, site);
    const op = this.singleOperator(rest, el, { kind: cs }, base.presence, base.name, base.name, scope);
    return { kind: 'string', ...base, charset: cs, ...(lengthName === undefined ? {} : { lengthName }), op };
  }

  private byteVectorField(el: XmlElement, scope: Scope): ByteVectorField {
    const base = this.fieldBase(el, scope);
    const { lengthName, rest } = this.takeLengthName(el, { template: scope.template, field: base.name });
    const op = this.singleOperator(rest, el, { kind: 'bytes' }, base.presence, base.name, base.name, scope);
    return { kind: 'byteVector', ...base, ...(lengthName === undefined ? {} : { lengthName }), op };
  }

  /** The scope inside a group or sequence, or S1 past maxDepth. */
  private innerScope(el: XmlElement, base: { name: string; ns?: string }, typeRef: string | undefined, scope: Scope): Scope {
    const site = { template: scope.template, field: base.name };
    if (scope.level + 1 > this.maxDepth) this.fail('S1', `<${el.local}> "${base.name}" nested deeper than ${this.maxDepth}`, el, site);
    return {
      template: scope.template,
      templateNs: scope.templateNs,
      ns: base.ns,
      dictionary: this.nameAttr(el, 'dictionary', site) ?? scope.dictionary,
      typeRef: typeRef ?? scope.typeRef,
      level: scope.level + 1,
    };
  }

  private groupField(el: XmlElement, scope: Scope): GroupField {
    const base = this.fieldBase(el, scope);
    const { typeRef, rest } = this.takeTypeRef(el, { template: scope.template, field: base.name });
    const fields = this.instructions(rest, this.innerScope(el, base, typeRef, scope));
    return { kind: 'group', ...base, ...(typeRef === undefined ? {} : { typeRef }), fields };
  }

  private sequenceField(el: XmlElement, scope: Scope): SequenceField {
    const base = this.fieldBase(el, scope);
    const site = { template: scope.template, field: base.name };
    const { typeRef, rest } = this.takeTypeRef(el, site);
    const inner = this.innerScope(el, base, typeRef, scope);
    let lengthEl: XmlElement | undefined;
    const instructions: XmlElement[] = [];
    for (const child of rest) {
      if (child.local !== 'length') {
        instructions.push(child);
        continue;
      }
      if (lengthEl !== undefined) this.fail('S1', `sequence "${base.name}" has more than one <length>`, child, site);
      if (instructions.length > 0) this.fail('S1', `the <length> of sequence "${base.name}" must come before its instructions`, child, site);
      lengthEl = child;
    }
    let length: SequenceField['length'];
    if (lengthEl === undefined) {
      length = { kind: 'integer', type: 'uInt32', name: implicitLengthName(base.name), presence: base.presence, loc: base.loc, op: { kind: 'none' }, implicit: true };
    } else {
      const name = this.nameAttr(lengthEl, 'name', site) ?? implicitLengthName(base.name);
      const ns = this.nsAttr(lengthEl, 'ns', inner.ns);
      const id = lengthEl.attrs.get('id');
      // The length belongs to the sequence's element scope for dictionaries (typeRef of the
      // sequence applies), and is nullable exactly when the sequence is optional.
      const op = this.singleOperator(lengthEl.children, lengthEl, { kind: 'integer', type: 'uInt32' }, base.presence, name, name, { ...inner, level: scope.level });
      length = {
        kind: 'integer',
        type: 'uInt32',
        name,
        ...(ns === undefined ? {} : { ns }),
        ...(id === undefined ? {} : { id }),
        presence: base.presence,
        loc: this.loc(lengthEl),
        op,
        implicit: false,
      };
    }
    const fields = this.instructions(instructions, inner);
    return { kind: 'sequence', ...base, ...(typeRef === undefined ? {} : { typeRef }), length, fields };
  }

  private templateRef(el: XmlElement, scope: Scope): TemplateRefField {
    const site = { template: scope.template };
    if (el.children.length > 0) this.fail('S1', '<templateRef> has child elements', el.children[0]!, site);
    const name = this.nameAttr(el, 'name', site);
    if (name === undefined) return { kind: 'templateRef', name: 'templateRef', presence: 'mandatory', loc: this.loc(el) };
    const ns = this.nsAttr(el, 'templateNs', scope.templateNs);
    return {
      kind: 'templateRef',
      name,
      template: { name, ...(ns === undefined ? {} : { ns }) },
      presence: 'mandatory',
      loc: this.loc(el),
    };
  }
}

function valueTypeName(v: ValueType): string {
  switch (v.kind) {
    case 'integer':
      return v.exponent === true ? 'a decimal exponent (int32)' : v.type;
    case 'decimal':
      return 'decimal';
    case 'ascii':
      return 'an ascii string';
    case 'unicode':
      return 'a unicode string';
    case 'bytes':
      return 'byteVector';
  }
}
