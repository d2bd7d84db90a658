/** The documentation tests' own mechanism: extraction, classification, budget, shown output. */
import { describe, expect, it } from 'vitest';
import { applyBudget } from './testing/budget.ts';
import { classify } from './testing/classify.ts';
import { helpExamples } from './testing/help-examples.ts';
import { markdownExamples } from './testing/markdown-examples.ts';
import { splitShellLine } from './testing/shell-words.ts';
import { missingStableLines } from './testing/shown-output.ts';
import { outputComplaints } from './testing/output-checks.ts';

const FENCE = '```';

describe('markdown extraction', () => {
  const doc = [
    '# t',
    `${FENCE}sh`,
    '# a comment line',
    'npx fairwire conform --component fast \\',
    '  --seed 1     # fails: exit 1',
    `${FENCE}`,
    '',
    `${FENCE}`,
    'property  status  runs  time',
    `${FENCE}`,
    '| a | `npx fairwire decode --templates t.xml s.bin` |',
    `${FENCE}json`,
    '{"not":"a command"}',
    `${FENCE}`,
  ].join('\n');

  it('joins continuations, reads the exit comment, attaches the shown output, takes inline spans', () => {
    const ex = markdownExamples('x.md', doc, { inline: true });
    expect(ex.map((e) => [e.line, e.command, e.expectedExit])).toEqual([
      [4, 'npx fairwire conform --component fast --seed 1', 1],
      [11, 'npx fairwire decode --templates t.xml s.bin', 0],
    ]);
    expect(ex[0]!.shownOutput?.lines).toEqual(['property  status  runs  time']);
  });

  it('takes no inline spans unless asked', () => {
    expect(markdownExamples('x.md', doc, { inline: false }).length).toBe(1);
  });
});

describe('help extraction', () => {
  it('reads the indented lines after Examples:, up to the next section', () => {
    const help = 'fairwire x\n\nExamples:\n  npx fairwire x --a   # exit 2\n  printf a \\\n    | npx fairwire x\n\nExit codes: 0\n  npx fairwire not-an-example\n';
    expect(helpExamples('h', help).map((e) => [e.line, e.command, e.expectedExit])).toEqual([
      [4, 'npx fairwire x --a', 2],
      [5, 'printf a | npx fairwire x', 0],
    ]);
  });
});

describe('shell words', () => {
  it('removes quotes the way a shell does and keeps a quoted # out of the comment', () => {
    const s = splitShellLine(`npx fairwire conform --adapter cmd:"python3 a.py" 'roles:gateway=cmd:"x y"' --p '#1' # note`);
    expect(s.words).toEqual(['npx', 'fairwire', 'conform', '--adapter', 'cmd:python3 a.py', 'roles:gateway=cmd:"x y"', '--p', '#1']);
    expect(s.comment).toBe('note');
    expect(s.needsShell).toBe(false);
    expect(splitShellLine('a | b').needsShell).toBe(true);
    expect(() => splitShellLine('a "b')).toThrow(/unterminated/);
  });
});

describe('classification', () => {
  const ex = (command: string, preamble: string[] = []) => ({ source: 's', line: 1, command, comment: '', expectedExit: 0, group: 'g', preamble });

  it('runs fairwire in process, pipes and environments through the shell, meta commands not at all', () => {
    expect(classify(ex('npx fairwire conform --seed 1'))).toEqual({ kind: 'run', steps: [{ kind: 'in-process', argv: ['conform', '--seed', '1'] }] });
    expect(classify(ex('npx fairwire encode x > y')).kind).toBe('run');
    expect((classify(ex('A=1 npx fairwire conform')) as { steps: { kind: string }[] }).steps[0]!.kind).toBe('shell');
    expect((classify(ex('npm install && npx fairwire conform')) as { steps: { kind: string }[] }).steps.map((s) => s.kind)).toEqual(['out-of-scope', 'in-process']);
  });

  it('refuses a command it does not know, so a new kind of example cannot pass unrun', () => {
    expect(classify(ex('make vendor')).kind).toBe('unclassified');
    expect(classify(ex('docker run acme/fast')).kind).toBe('unclassified');
  });
});

describe('budget', () => {
  it('caps only what is over the cap, and says which rule applied', () => {
    const b = applyBudget('npx fairwire simulate exchange --participants 1000 --duration 10 --json > run.json');
    expect(b.command).toBe('npx fairwire simulate exchange --participants 100 --duration 0.5 --json > run.json');
    expect(b.rules.map((r) => r.command)).toEqual(['simulate exchange']);
    expect(applyBudget('npx fairwire simulate exchange --participants 20 --duration 0.5').rules).toEqual([]);
    expect(applyBudget('npx fairwire conform --seed 1').rules).toEqual([]);
  });
});

describe('shown output', () => {
  const shown = ['property                 status   runs            time', 'fast.decode.equivalence  FAULT    100           46.35s', '…', '1 properties: 0 passed, 0 failed, 1 faults (seed 1, 47.0 s)'];

  it('matches on ids, statuses and counts, not on times', () => {
    const actual = 'property                 status   runs            time\nfast.decode.equivalence  FAULT    100            9.10s\n1 properties: 0 passed, 0 failed, 1 faults (seed 1, 9.9 s)\n';
    expect(missingStableLines(shown, actual)).toEqual([]);
  });

  it('reports a changed status or count', () => {
    const actual = 'property                 status   runs            time\nfast.decode.equivalence  passed   100            9.10s\n1 properties: 1 passed, 0 failed, 0 faults (seed 1, 9.9 s)\n';
    expect(missingStableLines(shown, actual)).toEqual(['fast.decode.equivalence FAULT', '1 properties: 0 passed, 0 failed, 1 faults']);
  });
});

describe('output checks', () => {
  it('an inspect that joins a group nothing goes to finds nothing, and says so', () => {
    const empty = '{"index":0}\n{"counters":{"slow":{"reply":17}},"frames":1000}\n';
    const some = '{"index":0}\n{"counters":{"fast":{"deliver":108}},"frames":1000}\n';
    expect(outputComplaints('npx fairwire net inspect mix.pcap --join 239.1.1.1:5000', empty)).toHaveLength(1);
    expect(outputComplaints('npx fairwire net inspect mix.pcap --join 239.192.10.1:30001', some)).toEqual([]);
    expect(outputComplaints('npx fairwire decode --templates t.xml s.bin', '')).toHaveLength(1);
    expect(outputComplaints('npx fairwire decode --templates t.xml s.bin | npx fairwire encode --templates t.xml | cmp - s.bin', '')).toEqual([]);
  });
});

describe('budget for scenarios', () => {
  it('leaves the catalog scenarios to conform, keeping a given tag expression', () => {
    expect(applyBudget('npx fairwire scenarios --component loq').command).toBe('npx fairwire scenarios --component loq --tags "not @catalog"');
    expect(applyBudget('npx fairwire scenarios --tags "@loq" --list').command).toBe('npx fairwire scenarios --tags "@loq" --list');
    expect(applyBudget('npx fairwire scenarios --tags "@loq or @fast"').command).toBe('npx fairwire scenarios --tags "(@loq or @fast) and not @catalog"');
  });
});

describe('shell variables from the block', () => {
  it('a line that starts with $B runs as the command B holds (in process)', () => {
    const plan = classify({ source: 's', line: 2, command: '$B --seed 2', comment: '', expectedExit: 0, group: 'g', preamble: ['B="npx fairwire simulate exchange --json"'] });
    expect(plan).toEqual({ kind: 'run', steps: [{ kind: 'in-process', argv: ['simulate', 'exchange', '--json', '--seed', '2'] }] });
  });
});

describe('patterns', () => {
  const ex = (command: string) => ({ source: 's', line: 1, command, comment: '', expectedExit: 0, group: 'g', preamble: [] });
  it('a command with ... or <name> is a pattern, not an example; a here-string is not a pattern', () => {
    expect(classify(ex('npx fairwire ...')).kind).toBe('skip');
    expect(classify(ex('npx fairwire conform … --replay …')).kind).toBe('skip');
    expect(classify(ex('npx fairwire replay .fairwire/corpus/<vendor>/<property>/<hash>.json')).kind).toBe('skip');
    expect(classify(ex("xxd -r -p <<< 'c0 81 82' | npx fairwire decode --templates t.xml -")).kind).toBe('run');
  });
});
