import type { ErrorObject } from 'ajv';

/**
 * A reply that breaks its schema, told the way a vendor can act on it: the op, the JSON path of
 * the offending field inside the result, the value found there and what was wanted.
 */
export interface Violation {
  /** JSONPath from the result, e.g. `$.events[0].quantity`. */
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/** `/events/0/quantity` -> `$.events[0].quantity` (RFC 6901 escapes undone). */
export function jsonPathOf(pointer: string): string {
  let out = '$';
  if (pointer === '') return out;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9][0-9]*)$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * The errors worth showing: `if` wrappers dropped (their `then` errors say it better), and only
 * the deepest fields (an anyOf failing at a parent is the consequence of its child's error).
 */
export function violationsOf(errors: readonly ErrorObject[] | null | undefined, root: unknown): Violation[] {
  const useful = (errors ?? []).filter((e) => e.keyword !== 'if');
  if (useful.length === 0) return [];
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const deepest = Math.max(...useful.map(depth));
  // One violation per field; several rules failing on it (oneOf branches) are joined.
  const byPath = new Map<string, string[]>();
  for (const e of useful) {
    if (depth(e) !== deepest) continue;
    const extra = e.keyword === 'additionalProperties' ? ` (${JSON.stringify((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
    const message = `${e.message ?? 'invalid'}${extra}`;
    const list = byPath.get(e.instancePath) ?? [];
    if (!list.includes(message)) list.push(message);
    byPath.set(e.instancePath, list);
  }
  const out: Violation[] = [];
  for (const [pointer, messages] of byPath) out.push({ path: jsonPathOf(pointer), value: valueAt(root, pointer), message: messages.join(' | ') });
  return out;
}

/** The value as JSON, cut to a readable length. */
function shown(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** One line: `matching.apply: result field $.events[0].quantity = "1.5": must match pattern ...`. */
export function describeViolations(op: string, what: string, violations: readonly Violation[]): string {
  const parts = violations.slice(0, 3).map((v) => `${v.path} = ${shown(v.value)}: ${v.message}`);
  const more = violations.length > 3 ? ` (and ${violations.length - 3} more)` : '';
  return `${op}: ${what} field ${parts.join('; ')}${more}`;
}
