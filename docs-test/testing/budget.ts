/**
 * Examples too long for CI (`npm test`, ~2 min on 2 cores for all of them) run with a smaller
 * budget, by these rules and no others; a rewritten example's test name says `(budget: ...)`.
 * What stays checked: the command line parses, the files it reads exist, it runs to the end with
 * the exit code the doc promises. What is given up: the size of the run (its figures are the
 * doc's, measured once, not re-measured here).
 */
export interface BudgetRule {
  /** A fairwire subcommand the rule applies to, e.g. 'simulate exchange'. */
  readonly command: string;
  /** Why the example as written does not fit. */
  readonly why: string;
  readonly rewrite: (args: string) => string;
}

/** `--name N` set to at most `max` (added when absent and the default is above it). */
function capOption(args: string, name: string, max: number, addWhenAbsent: boolean): string {
  const re = new RegExp(`(--${name}[ =])(\\d+(?:\\.\\d+)?)`);
  const m = re.exec(args);
  if (m) return Number(m[2]) > max ? args.replace(re, `$1${max}`) : args;
  return addWhenAbsent ? `${args} --${name} ${max}` : args;
}

export const BUDGET: readonly BudgetRule[] = [
  {
    command: 'conform',
    why: 'the Python multicast example vendor runs every tree in a Python process: its catalog takes ~45 s of CPU at 100 runs; 20 runs a property (only for that vendor)',
    rewrite: (a) => (/multicast\.py/.test(a) && !/--runs\b|--replay\b/.test(a) ? `${a} --runs 20` : a),
  },
  {
    command: 'scenarios',
    why: 'the @catalog scenarios run whole property catalogs (50 runs each, ~10-30 s with a Python vendor), which the conform examples already run: `not @catalog` added to the selection',
    rewrite: (a) => {
      if (/--list\b/.test(a)) return a;
      const tags = /--tags (["'])(.*?)\1/.exec(a);
      if (tags) return /@catalog/.test(tags[2]!) ? a : a.replace(tags[0], `--tags ${tags[1]}(${tags[2]}) and not @catalog${tags[1]}`);
      return `${a} --tags "not @catalog"`;
    },
  },
  {
    command: 'kill-matrix',
    why: 'the whole matrix (77 mutants × 52 properties, ~30 s CPU) is properties/kill-matrix.test.ts\'s job in the same npm test; here one component (loq, ~5 s) runs through the documented options',
    rewrite: (a) => (/--component\b|--mutant\b/.test(a) ? a : `${a} --component loq`),
  },
  {
    command: 'simulate exchange',
    why: 'a simulated second of 100 participants costs ~1 s CPU (1000 participants × 10 s: ~30 s): at most 100 participants and 0.5 simulated s',
    rewrite: (a) => capOption(capOption(a, 'participants', 100, false), 'duration', 0.5, true),
  },
  {
    command: 'simulate sweep',
    why: 'a sweep is 20-40 tree runs of 2000 messages: at most 100 receivers and 200 messages a run',
    rewrite: (a) => capOption(capOption(a, 'receivers', 100, false), 'messages', 200, true),
  },
  {
    command: 'simulate tree',
    why: 'N = 1000 with hedging is ~10 s for the default 10000 messages: at most 100 receivers and 1000 messages',
    rewrite: (a) => capOption(capOption(a, 'receivers', 100, false), 'messages', 1000, true),
  },
  {
    command: 'simulate montecarlo',
    why: '1e6 samples a cell over 24 cells is ~10 s: at most the paper\'s 100000',
    rewrite: (a) => capOption(a, 'iterations', 100000, false),
  },
  {
    command: 'fuzz fast',
    why: '--time 30/60 is a fuzzing session, --runs 2000 about as long: at most 3 s or 100 cases',
    rewrite: (a) => capOption(capOption(a, 'time', 3, false), 'runs', 100, false),
  },
];

/** The example with every matching rule applied to each `npx fairwire <command> ...` in it, and the rules used. */
export function applyBudget(command: string): { readonly command: string; readonly rules: readonly BudgetRule[] } {
  const used: BudgetRule[] = [];
  // Each fairwire invocation runs to the next pipe, redirection or `&&`.
  const out = command.replace(/(npx fairwire )([^|&;<>]*)/g, (whole, head: string, rest: string) => {
    const trailing = /\s*$/.exec(rest)![0];
    const args = rest.slice(0, rest.length - trailing.length);
    for (const r of BUDGET) {
      if (args === r.command || args.startsWith(`${r.command} `)) {
        const next = r.rewrite(args);
        if (next !== args) used.push(r);
        return `${head}${next}${trailing}`;
      }
    }
    return whole;
  });
  return { command: out, rules: used };
}

/**
 * Examples run as written but in the background: started as child processes when their test file
 * starts, while the other examples run, and awaited by their own test case. Each is long mostly
 * by waiting (hang timeouts, retries on fresh vendor processes), so they fit beside the others.
 */
export const BACKGROUND: readonly { readonly match: RegExp; readonly why: string }[] = [
  { match: /fast-decoder-hang\.manifest\.json/, why: 'shrinking a hang waits out its 500 ms timeout at every step (~45 s, mostly idle)' },
  { match: /sequencer_race\.py/, why: 'a race: the failing case and its shrink steps are tried 3 times on fresh vendors (~80 s)' },
  { match: /test_vendor\.py fast-skipped/, why: 'ten thousand generated cases, every one declined by the vendor (~30 s)' },
  { match: /fuzz fast .*fast_decoder_hang\.py/, why: 'each hanging case waits out its 500 ms timeout, on fresh processes (~25 s)' },
];

export function backgroundReason(command: string): string | undefined {
  return BACKGROUND.find((b) => b.match.test(command))?.why;
}
