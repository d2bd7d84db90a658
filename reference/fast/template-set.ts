/**
 * Building a `TemplateSet` from templates, with the checks that concern the set as a whole:
 * duplicate ids and names (S1), static templateRefs to unknown names (D8, the spec's code for
 * exactly this), static templateRef cycles (S1), nesting deeper than `maxDepth` once static
 * references are expanded (S1), and dictionary references that disagree with where the
 * operator stands (S1; the XML could not express them). The parser ends with this; generators
 * that build templates directly call it too.
 */
import { FastError } from './errors.ts';
import type { StaticCode } from './errors.ts';
import type { DictionaryRef, Field, Operator, SourceLocation, Template, TemplateRefField, TemplateSet } from './template-model.ts';

export const DEFAULT_MAX_DEPTH = 32;

export interface TemplateSetOptions {
  /** Deepest nesting of groups, sequences and static templateRefs, expanded (default 32). */
  readonly maxDepth?: number;
  /** File name for error messages. */
  readonly file?: string;
}

/** The `byName` key of a template name in an optional namespace. */
export function templateKey(name: string, ns?: string): string {
  return ns === undefined ? name : `${ns}\u0000${name}`;
}

export function makeDictionaryRef(scope: string, qualifier: string, key: string): DictionaryRef {
  return { scope, qualifier, key, id: `${scope}\u0000${qualifier}\u0000${key}` };
}

/** The qualifier a scope gets (see `DictionaryRef`): template name, application type, or ''. */
export function dictionaryQualifier(scope: string, templateName: string, typeRef: string | undefined): string {
  if (scope === 'template') return templateName;
  if (scope === 'type') return typeRef ?? 'any';
  return '';
}

/** The dictionary key of an individual decimal operator when the XML gives no `key`. */
export function decimalPartKey(fieldName: string, part: 'exponent' | 'mantissa'): string {
  return `${fieldName}.${part}`;
}

/** The name the parser gives the length of a sequence whose XML has none (or an unnamed one). */
export function implicitLengthName(sequenceName: string): string {
  return `${sequenceName}__length`;
}

/** The template a static templateRef names, if the set has it. */
export function resolveTemplateRef(set: TemplateSet, ref: TemplateRefField): Template | undefined {
  return ref.template === undefined ? undefined : set.byName.get(templateKey(ref.template.name, ref.template.ns));
}

function error(code: StaticCode | 'D8', message: string, loc: SourceLocation | undefined, file: string | undefined, site: { template?: string; field?: string }): FastError {
  const located = loc !== undefined && loc.line > 0;
  const where = located ? `${file === undefined ? '' : `${file}:`}line ${loc.line}, column ${loc.column}: ` : '';
  return new FastError(code, `${where}${message}`, -1, { ...site, ...(located ? { line: loc.line, column: loc.column } : {}) });
}

interface RefSite {
  readonly ref: TemplateRefField;
  /** Groups / sequences around the reference inside its template. */
  readonly level: number;
}

/** Walks the fields of one template: checks dictionary refs, collects static refs and own depth. */
function scanTemplate(t: Template, file: string | undefined): { refs: RefSite[]; depth: number } {
  const refs: RefSite[] = [];
  let depth = 0;
  const checkOp = (op: Operator, field: string, loc: SourceLocation, typeRef: string | undefined): void => {
    const d = op.dictionary;
    if (op.kind === 'none' || op.kind === 'constant') {
      if (d !== undefined) throw error('S1', `field "${field}": a ${op.kind} operator has no dictionary entry`, loc, file, { template: t.name, field });
      return;
    }
    if (d === undefined) throw error('S1', `field "${field}": a ${op.kind} operator needs a dictionary entry`, loc, file, { template: t.name, field });
    const qualifier = dictionaryQualifier(d.scope, t.name, typeRef);
    if (d.qualifier !== qualifier || d.id !== makeDictionaryRef(d.scope, d.qualifier, d.key).id) {
      throw error('S1', `field "${field}": dictionary entry ${JSON.stringify([d.scope, d.qualifier, d.key])} does not match its place (qualifier "${qualifier}")`, loc, file, { template: t.name, field });
    }
  };
  const walk = (fields: readonly Field[], level: number, typeRef: string | undefined): void => {
    depth = Math.max(depth, level);
    for (const f of fields) {
      switch (f.kind) {
        case 'integer':
        case 'string':
        case 'byteVector':
          checkOp(f.op, f.name, f.loc, typeRef);
          break;
        case 'decimal':
          if (f.operators.form === 'single') checkOp(f.operators.op, f.name, f.loc, typeRef);
          else {
            checkOp(f.operators.exponent, f.name, f.loc, typeRef);
            checkOp(f.operators.mantissa, f.name, f.loc, typeRef);
          }
          break;
        case 'group':
          walk(f.fields, level + 1, f.typeRef ?? typeRef);
          break;
        case 'sequence': {
          const inner = f.typeRef ?? typeRef;
          checkOp(f.length.op, f.length.name, f.length.loc, inner);
          if (f.length.presence !== f.presence || f.length.type !== 'uInt32') {
            throw error('S1', `sequence "${f.name}": its length must be uInt32 with the sequence's presence`, f.loc, file, { template: t.name, field: f.name });
          }
          walk(f.fields, level + 1, inner);
          break;
        }
        case 'templateRef': {
          // The XML carries no name of its own for a templateRef: the model's is derived.
          const expected = f.template === undefined ? 'templateRef' : f.template.name;
          if (f.name !== expected) throw error('S1', `templateRef "${f.name}" must be named "${expected}"`, f.loc, file, { template: t.name, field: f.name });
          if (f.template !== undefined) refs.push({ ref: f, level });
          break;
        }
      }
    }
  };
  walk(t.fields, 0, t.typeRef);
  return { refs, depth };
}

/** Builds the id / name maps and checks the set (see the module comment). */
export function makeTemplateSet(templates: readonly Template[], options: TemplateSetOptions = {}): TemplateSet {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const file = options.file;
  const byId = new Map<number, Template>();
  const byName = new Map<string, Template>();
  const fullNames = new Set<string>();
  for (const t of templates) {
    if (t.id !== undefined) {
      if (!Number.isInteger(t.id) || t.id < 0 || t.id > 0xffffffff) {
        throw error('S1', `template "${t.name}": id ${t.id} is not a uInt32`, t.loc, file, { template: t.name });
      }
      if (byId.has(t.id)) throw error('S1', `duplicate template id ${t.id} ("${byId.get(t.id)?.name}" and "${t.name}")`, t.loc, file, { template: t.name });
      byId.set(t.id, t);
    }
    const key = templateKey(t.name, t.ns);
    if (fullNames.has(key)) throw error('S1', `duplicate template name "${t.name}"${t.ns === undefined ? '' : ` in namespace "${t.ns}"`}`, t.loc, file, { template: t.name });
    fullNames.add(key);
  }
  // Full keys first, so a bare name never shadows a namespaced one; then bare names for the
  // templates that have a namespace, where no other template already holds that bare name.
  for (const t of templates) byName.set(templateKey(t.name, t.ns), t);
  for (const t of templates) if (t.ns !== undefined && !byName.has(t.name)) byName.set(t.name, t);

  const scans = new Map<Template, { refs: RefSite[]; depth: number }>();
  for (const t of templates) scans.set(t, scanTemplate(t, file));

  // Expanded depth of each template through static refs, by an iterative DFS (a long chain of
  // references must not overflow the stack); a back edge is a cycle.
  const expanded = new Map<Template, number>();
  const onPath = new Set<Template>();
  for (const start of templates) {
    if (expanded.has(start)) continue;
    const stack: { t: Template; next: number; depth: number }[] = [{ t: start, next: 0, depth: scans.get(start)?.depth ?? 0 }];
    onPath.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const scan = scans.get(top.t)!;
      if (top.next < scan.refs.length) {
        const site = scan.refs[top.next++]!;
        const target = byName.get(templateKey(site.ref.template!.name, site.ref.template!.ns));
        if (target === undefined) {
          throw error('D8', `template "${top.t.name}": templateRef to unknown template "${site.ref.template!.name}"`, site.ref.loc, file, { template: top.t.name, field: site.ref.name });
        }
        if (onPath.has(target)) {
          throw error('S1', `template "${top.t.name}": static templateRef cycle through "${target.name}"`, site.ref.loc, file, { template: top.t.name, field: site.ref.name });
        }
        const done = expanded.get(target);
        if (done === undefined) {
          onPath.add(target);
          stack.push({ t: target, next: 0, depth: scans.get(target)?.depth ?? 0 });
          top.next--; // revisit this ref once the target is done
          continue;
        }
        top.depth = Math.max(top.depth, site.level + 1 + done);
        if (top.depth > maxDepth) {
          throw error('S1', `template "${top.t.name}": nesting deeper than ${maxDepth} once static templateRefs are expanded`, site.ref.loc, file, { template: top.t.name });
        }
      } else {
        if (top.depth > maxDepth) throw error('S1', `template "${top.t.name}": nesting deeper than ${maxDepth}`, top.t.loc, file, { template: top.t.name });
        expanded.set(top.t, top.depth);
        onPath.delete(top.t);
        stack.pop();
      }
    }
  }
  return { templates: [...templates], byId, byName };
}
