import { splitAssignments, splitShellLine } from './shell-words.ts';
import type { DocExample } from './doc-example.ts';

/** How one `&&`-separated part of an example runs. */
export type Step =
  | { readonly kind: 'in-process'; readonly argv: readonly string[] }
  | { readonly kind: 'shell'; readonly script: string }
  | { readonly kind: 'out-of-scope'; readonly reason: string };

export type Plan = { readonly kind: 'run'; readonly steps: readonly Step[] } | { readonly kind: 'skip'; readonly reason: string } | { readonly kind: 'unclassified'; readonly why: string };

/**
 * Meta commands that are not run, with the reason. Matched on a part's first words (after
 * environment assignments). Anything else that is not fairwire, cucumber-js or a listed shell tool
 * is unclassified, and the test fails on it, so a new kind of command cannot slip through.
 */
export const OUT_OF_SCOPE: readonly { readonly prefix: readonly string[]; readonly reason: string }[] = [
  { prefix: ['npm', 'install'], reason: 'installs dependencies; the pack-and-install test (package/) installs fairwire into a fresh project' },
  { prefix: ['npm', 'test'], reason: 'runs every test, this one included' },
  { prefix: ['npm', 'run', 'bench'], reason: 'benchmarks: minutes of timing, figures recorded in bench/README.md, never in tests' },
  { prefix: ['npx', 'tsx', 'bench/'], reason: 'one benchmark: timing, recorded in bench/README.md, never in tests' },
];

/** A command written as a pattern: a `...` / `…` word, or a `<name>` placeholder (not a `<<<` or `< file`). */
const PATTERN = /(^|\s)(\.\.\.|…)(\s|$)|<[a-z][a-z-]*>/;

/** Programs a documented shell line may start with (the shell runs them as written). */
const SHELL_PROGRAMS = new Set(['printf', 'xxd', 'python3', 'cmp', 'echo', 'cat']);

/**
 * Examples not run at all, each with why. Keyed by `source` and the exact command; an entry that
 * no longer matches a documented command fails the test (stale), so this list cannot rot.
 */
export const SKIPPED: readonly { readonly source: string; readonly command: string; readonly reason: string }[] = [
  {
    source: 'adapters/examples/README.md',
    command: `npx fairwire conform --component fast --adapter cmd:"java -jar 'My Vendor.jar' --fast"`,
    reason: 'needs the reader\'s own Java vendor; the quoting it shows is covered by adapters/process/command-line.test.ts',
  },
  {
    source: 'README.md',
    command: 'cd api/examples && npx vitest run',
    reason: 'runs in the repo\'s own api/examples (vitest writes its cache there); the files it runs are checked by api/examples.test.ts',
  },
  {
    source: 'README.md',
    command: 'cd api/examples && npx cucumber-js',
    reason: 'runs in the repo\'s own api/examples (as the vitest line above); the files it runs are checked by api/examples.test.ts',
  },
  {
    source: 'features/README.md',
    command: "NODE_OPTIONS='--import tsx' npx cucumber-js",
    reason: 'every feature file against the reference: npm test runs exactly this (test:features)',
  },
];

function outOfScope(words: readonly string[]): string | undefined {
  for (const o of OUT_OF_SCOPE) {
    const last = o.prefix.length - 1;
    if (o.prefix.every((w, i) => (i === last && w.endsWith('/') ? (words[i] ?? '').startsWith(w) : words[i] === w))) return o.reason;
  }
  return undefined;
}

/**
 * Classifies one example into the steps that run it, or says why it is skipped or unclassifiable.
 * `run` is what actually runs (the example after budget rules and scratch paths), default as written.
 */
export function classify(ex: DocExample, run: { readonly command: string; readonly preamble: readonly string[] } = ex): Plan {
  const { preamble } = run;
  const command = expandVariables(run.command, preamble);
  const skip = SKIPPED.find((s) => s.source === ex.source && s.command === ex.command);
  if (skip) return { kind: 'skip', reason: skip.reason };
  if (PATTERN.test(ex.command)) return { kind: 'skip', reason: 'a pattern, not an example: `...` or `<name>` stands for what the reader fills in' };
  const steps: Step[] = [];
  for (const part of command.split(/\s+&&\s+/)) {
    let s;
    try {
      s = splitShellLine(part);
    } catch (err) {
      return { kind: 'unclassified', why: (err as Error).message };
    }
    const { env, rest } = splitAssignments(s.words);
    const meta = outOfScope(rest);
    if (meta) {
      steps.push({ kind: 'out-of-scope', reason: meta });
      continue;
    }
    const hasEnv = Object.keys(env).length > 0;
    const shell = s.needsShell || hasEnv;
    if (rest[0] === 'npx' && rest[1] === 'fairwire') {
      steps.push(shell ? { kind: 'shell', script: [...preamble, part].join('\n') } : { kind: 'in-process', argv: rest.slice(2) });
    } else if (rest[0] === 'npx' && rest[1] === 'cucumber-js') {
      steps.push({ kind: 'shell', script: [...preamble, part].join('\n') });
    } else if (SHELL_PROGRAMS.has(rest[0] ?? '')) {
      steps.push({ kind: 'shell', script: [...preamble, part].join('\n') });
    } else {
      return { kind: 'unclassified', why: `'${rest.slice(0, 3).join(' ')}' is neither fairwire, cucumber-js, a known shell tool nor a listed out-of-scope command` };
    }
  }
  return { kind: 'run', steps };
}

/**
 * `$NAME` / `${NAME}` replaced by the value a preamble line (`NAME="..."`) gave it, as the shell
 * would (the docs use it as a prefix: `B="npx fairwire simulate exchange ..."`, then `$B --seed 2`),
 * so such a line runs like any other. A variable no preamble line sets is left for the shell.
 */
function expandVariables(command: string, preamble: readonly string[]): string {
  const values = new Map<string, string>();
  for (const line of preamble) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"$`\\]*)"|'([^']*)'|([^\s"'$`\\]*))$/.exec(line);
    if (m) values.set(m[1]!, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return command.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => values.get(name) ?? whole);
}
