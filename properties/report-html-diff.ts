import { firstDifference, type PathSegment } from './mismatch.ts';
import { htmlEscape } from './report-escape.ts';

/** The field-level diff of the HTML report: expected and actual side by side, first difference marked. */
/**
 * The expected and actual values a Mismatch prints (`  expected: <json>` / `  actual:   <json>`,
 * properties/mismatch.ts describe()), when the message carries both as JSON.
 */
export function mismatchSides(message: string | undefined): { expected: unknown; actual: unknown } | undefined {
  if (!message) return undefined;
  const side = (label: string) => {
    const lines = message.split('\n').filter((l) => l.startsWith(`  ${label}:`));
    const last = lines[lines.length - 1];
    if (last === undefined) return { ok: false as const };
    try {
      return { ok: true as const, value: JSON.parse(last.slice(label.length + 3).trim()) as unknown };
    } catch {
      return { ok: false as const };
    }
  };
  const e = side('expected');
  const a = side('actual');
  return e.ok && a.ok ? { expected: e.value, actual: a.value } : undefined;
}

const samePath = (a: readonly PathSegment[], b: readonly PathSegment[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** Indented JSON as HTML, the value at `mark` (a path) wrapped in <mark>. */
function jsonHtml(v: unknown, mark: readonly PathSegment[] | undefined, path: PathSegment[] = [], indent = ''): string {
  const hit = mark !== undefined && samePath(path, mark);
  let body: string;
  if (Array.isArray(v) && v.length > 0) {
    const inner = indent + '  ';
    body = `[\n${v.map((x, i) => inner + jsonHtml(x, mark, [...path, i], inner)).join(',\n')}\n${indent}]`;
  } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
    const inner = indent + '  ';
    body = `{\n${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${inner}${htmlEscape(JSON.stringify(k))}: ${jsonHtml(x, mark, [...path, k], inner)}`)
      .join(',\n')}\n${indent}}`;
  } else body = htmlEscape(v === undefined ? '(nothing)' : JSON.stringify(v));
  return hit ? `<mark>${body}</mark>` : body;
}

/** Expected and actual side by side, the first differing field highlighted on both sides. */
export function diffHtml(message: string | undefined): string {
  const sides = mismatchSides(message);
  if (!sides) return '';
  const d = firstDifference(sides.expected, sides.actual);
  if (!d) return '';
  // A missing/extra element: mark the container on the side that lacks it.
  const exp = d.kind === 'extra' ? d.path.slice(0, -1) : d.path;
  const act = d.kind === 'missing' ? d.path.slice(0, -1) : d.path;
  return `<h4>Expected and actual (first difference highlighted)</h4><table class="diff"><thead><tr><th>expected</th><th>actual</th></tr></thead><tbody><tr><td><pre>${jsonHtml(sides.expected, exp)}</pre></td><td><pre>${jsonHtml(sides.actual, act)}</pre></td></tr></tbody></table>`;
}
