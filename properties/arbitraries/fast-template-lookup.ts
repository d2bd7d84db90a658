import type { Template } from '../../reference/fast/template-model.ts';

/** Templates by name, namespaced (`ns` U+0000 `name`) and bare, as static templateRefs name them. */
export function templatesByName(templates: readonly Template[]): ReadonlyMap<string, Template> {
  const m = new Map<string, Template>();
  for (const t of templates) if (t.ns !== undefined) m.set(`${t.ns}\u0000${t.name}`, t);
  for (const t of templates) if (!m.has(t.name)) m.set(t.name, t);
  return m;
}

export function refTarget(byName: ReadonlyMap<string, Template>, ref: { readonly name: string; readonly ns?: string }): Template {
  const t = (ref.ns !== undefined ? byName.get(`${ref.ns}\u0000${ref.name}`) : undefined) ?? byName.get(ref.name);
  if (!t) throw new Error(`static templateRef to unknown template ${ref.name}`);
  return t;
}
