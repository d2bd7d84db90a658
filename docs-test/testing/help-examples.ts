import { splitShellLine } from './shell-words.ts';
import { expectedExitOf, type DocExample } from './doc-example.ts';

/**
 * The commands of a --help text's `Example:` / `Examples:` / `Examples (...):` section: its indented lines up to the
 * first line that is not indented (or the end), `\`-continuations joined, comment lines dropped.
 * `source` names the help (e.g. `fairwire net synth --help`); lines count from the help's first.
 */
export function helpExamples(source: string, help: string): DocExample[] {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => /^Examples?\b[^:]*:\s*$/.test(l));
  if (start < 0) return [];
  const out: DocExample[] = [];
  let pending: { n: number; text: string } | undefined;
  const push = (c: { n: number; text: string }): void => {
    const s = splitShellLine(c.text);
    out.push({ source, line: c.n, command: s.code, comment: s.comment, expectedExit: expectedExitOf(s.comment), group: source, preamble: [] });
  };
  for (let i = start + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() !== '' && !/^\s/.test(raw)) break;
    const t = raw.trim();
    if (!pending && (t === '' || t.startsWith('#'))) continue;
    const cont = t.endsWith('\\');
    const piece = cont ? t.slice(0, -1).trimEnd() : t;
    pending = pending ? { n: pending.n, text: `${pending.text} ${piece}` } : { n: i + 1, text: piece };
    if (!cont) push(pending), (pending = undefined);
  }
  if (pending) push(pending);
  return out;
}
