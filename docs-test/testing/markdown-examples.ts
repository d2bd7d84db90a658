import { splitShellLine } from './shell-words.ts';
import { expectedExitOf, type DocExample } from './doc-example.ts';

/** Info strings of fenced blocks whose lines are commands. */
const COMMAND_FENCES = new Set(['sh', 'bash', 'shell']);

interface Fence {
  readonly info: string;
  /** 1-based line of the opening fence. */
  readonly start: number;
  /** Lines between the fences, with their 1-based numbers. */
  readonly body: { readonly n: number; readonly text: string }[];
  /** 1-based line of the closing fence. */
  readonly end: number;
}

function fences(lines: readonly string[]): Fence[] {
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```\s*([A-Za-z0-9_-]*)/.exec(lines[i]!);
    if (!open) continue;
    const body: { n: number; text: string }[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) body.push({ n: j + 1, text: lines[j]! }), j++;
    out.push({ info: open[1]!.toLowerCase(), start: i + 1, body, end: j + 1 });
    i = j;
  }
  return out;
}

/** Joins `\`-continued lines; drops blank and comment-only lines. */
function logicalLines(body: Fence['body']): { n: number; text: string }[] {
  const out: { n: number; text: string }[] = [];
  let pending: { n: number; text: string } | undefined;
  for (const { n, text } of body) {
    const t = text.trim();
    if (!pending && (t === '' || t.startsWith('#'))) continue;
    const cont = t.endsWith('\\');
    const piece = cont ? t.slice(0, -1).trimEnd() : t;
    pending = pending ? { n: pending.n, text: `${pending.text} ${piece}` } : { n, text: piece };
    if (!cont) out.push(pending), (pending = undefined);
  }
  if (pending) out.push(pending);
  return out;
}

const ASSIGNMENT_ONLY = /^[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|'[^']*'|\S*)$/;

/**
 * Every command of a Markdown file: each logical line of its ```sh / ```bash blocks, and, when
 * `inline` is set, each `npx fairwire ...` code span outside fences (a README table's commands).
 * A block holding one command followed (blank lines apart) by an unlabelled fence gets that
 * fence as its shown output.
 */
export function markdownExamples(file: string, text: string, opts: { readonly inline: boolean }): DocExample[] {
  const lines = text.split('\n');
  const all = fences(lines);
  const out: DocExample[] = [];
  const inFence = new Set<number>();
  for (const f of all) for (let n = f.start; n <= f.end; n++) inFence.add(n);
  all.forEach((f, k) => {
    if (!COMMAND_FENCES.has(f.info)) return;
    const cmds = logicalLines(f.body);
    const next = all[k + 1];
    const between = next ? lines.slice(f.end, next.start - 1) : [];
    const shown =
      next && next.info === '' && cmds.length === 1 && between.every((l) => l.trim() === '')
        ? { line: next.start + 1, lines: next.body.map((b) => b.text) }
        : undefined;
    const preamble: string[] = [];
    for (const c of cmds) {
      if (ASSIGNMENT_ONLY.test(c.text)) {
        preamble.push(c.text);
        continue;
      }
      const s = splitShellLine(c.text);
      out.push({
        source: file,
        line: c.n,
        command: s.code,
        comment: s.comment,
        expectedExit: expectedExitOf(s.comment),
        group: `${file}:${f.start}`,
        preamble: [...preamble],
        ...(shown ? { shownOutput: shown } : {}),
      });
    }
  });
  if (opts.inline) {
    lines.forEach((l, i) => {
      if (inFence.has(i + 1)) return;
      for (const m of l.matchAll(/`(npx fairwire [^`]+)`/g)) {
        const s = splitShellLine(m[1]!);
        out.push({
          source: file,
          line: i + 1,
          command: s.code,
          comment: s.comment,
          expectedExit: expectedExitOf(s.comment),
          group: `${file}:${i + 1}`,
          preamble: [],
        });
      }
    });
  }
  return out.sort((a, b) => a.line - b.line);
}
