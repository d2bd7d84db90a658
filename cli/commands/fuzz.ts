import { randomInt } from 'node:crypto';
import { option, shellWord } from '../../properties/command-line.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ALL_FAST_CAPABILITIES, type FastResetPolicy } from '../../adapters/fast.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastError } from '../../reference/fast/errors.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { makeFuzzCase, minimiseBytes, referenceDecode, verdict, FUZZ_STRATEGIES, type FindingKind, type FuzzCase, type SubjectOutcome, type TemplateSource, type Verdict } from '../../properties/fast/fuzz.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { loadTemplateFile, parseOptions } from './fast-cli-io.ts';
import { FuzzSubject } from './fast-fuzz-subject.ts';
import { capabilitiesUsed } from '../../properties/fast/template-capabilities.ts';

const HELP = `fairwire fuzz fast — fuzz a FAST decoder with damaged streams, against the reference

Usage:
  fairwire fuzz fast [--templates FILE] [--time SECONDS | --runs N] [--seed S] [--out DIR]
                     [--adapter SPEC] [--case-timeout MS]
  fairwire fuzz fast --replay DIR [--adapter SPEC]

Each case is a valid stream (random templates, or --templates), encoded by the reference and
then damaged by one strategy, in turn: ${FUZZ_STRATEGIES.join(', ')} (overlong: a valid
but overlong encoding). Random templates use only the features the subject declares in its
capabilities (a vendor's ready line). The subject runs in a child process. Reported:
  crash         the subject threw (or its process died, or broke the protocol) instead of
                returning a result
  hang          no answer within --case-timeout (the child is killed and restarted)
  disagreement  decoded messages, verdict (error or not) or error class differ from the reference
  unsupported   the subject declined the case (a skipped reply, error unsupported or
                unsupported-op): counted apart, never a finding; given templates that use a
                feature the subject lacks end up here
Each finding is minimised (bytes removed while it still reproduces) and written to
DIR/<kind>-<case>/: templates.xml, stream.hex, stream.bin, finding.json (what happened and the
replay command). Progress goes to stderr every second. Cases are deterministic given --seed.

Options:
  --templates FILE    FAST template XML (default: a random template set per case)
  --time SECONDS      stop after SECONDS
  --runs N            stop after N cases (default 500 when --time is not given)
  --seed S            session seed (default: random, printed)
  --out DIR           where reproducers go (default .fairwire/fuzz)
  --adapter SPEC      the decoder under test: reference (default), mutant:<name>, <module.ts>
                      exporting createAdapter(component), cmd:"<command>", <manifest.json>
  --case-timeout MS   per-case deadline (default 2000)
  --replay DIR        rerun one reproducer against --adapter and print what happens

Exit codes: 0 nothing found · 1 crash, hang or disagreement found, or no case judged at all
(every one unsupported or skipped) · 2 usage error

Examples:
  npx fairwire fuzz fast --time 30 --seed 7
  npx fairwire fuzz fast --templates t.xml --runs 2000 --adapter ./my-decoder.ts --out findings
  npx fairwire fuzz fast --replay .fairwire/fuzz/disagreement-000042 --adapter ./my-decoder.ts
`;

const MAX_REPRODUCERS_PER_KIND = 10;

export const fuzzFastCommand: Command = {
  path: ['fuzz', 'fast'],
  summary: 'fuzz a FAST decoder with damaged streams against the reference',
  help: HELP,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseOptions(
      argv,
      {
        templates: { type: 'string' },
        time: { type: 'string' },
        runs: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        adapter: { type: 'string' },
        'case-timeout': { type: 'string' },
        replay: { type: 'string' },
      },
      false,
    );
    void positionals;
    const adapter = values.adapter ?? 'reference';
    const caseTimeout = positiveInt('--case-timeout', values['case-timeout'], 2000);
    if (values.replay) return replay(values.replay, adapter, caseTimeout, io);
    if (values.time !== undefined && values.runs !== undefined) throw new UsageError('give --time or --runs, not both');
    const timeMs = values.time === undefined ? undefined : positiveNumber('--time', values.time) * 1000;
    const runs = timeMs === undefined ? positiveInt('--runs', values.runs, 500) : undefined;
    const seed = values.seed === undefined ? randomInt(0, 2 ** 31 - 1) : integer('--seed', values.seed);
    const out = resolve(values.out ?? '.fairwire/fuzz');
    const given = values.templates ? await loadTemplateFile(values.templates) : undefined;
    const subject = new FuzzSubject(adapter);
    try {
      await subject.open();
    } catch (err) {
      throw new UsageError(`cannot load adapter '${adapter}': ${(err as Error).message}`);
    }
    // Random templates stay inside what the subject declares: a feature it says it lacks is not a finding.
    const source: TemplateSource = given ? { kind: 'given', set: given.set, xml: given.xml } : { kind: 'random', caps: subject.capabilities };
    const declared = Object.entries(subject.capabilities).filter(([, on]) => on).map(([k]) => k);
    const lacking = Object.keys(ALL_FAST_CAPABILITIES).filter((k) => !declared.includes(k));
    io.stderr.write(
      `fuzz fast: seed ${seed}, adapter ${subject.name}, ${runs !== undefined ? `${runs} cases` : `${timeMs! / 1000} s`}, templates ${values.templates ?? 'random'}` +
        `${!given && lacking.length > 0 ? `, without ${lacking.join(', ')} (not declared by the subject)` : ''}\n`,
    );
    if (given) {
      const beyond = [...capabilitiesUsed(given.xml)].filter((c) => !subject.capabilities[c]);
      if (beyond.length > 0) io.stderr.write(`fuzz fast: warning: ${values.templates} uses ${beyond.join(', ')}, not declared by the subject: expect its cases to come back unsupported\n`);
    }
    const counts: Record<FindingKind | 'cases' | 'skipped' | 'unsupported', number> = { cases: 0, skipped: 0, unsupported: 0, crash: 0, hang: 0, disagreement: 0 };
    const written: string[] = [];
    const started = Date.now();
    const progress = setInterval(() => io.stderr.write(`${line(counts, started)}\n`), 1000);
    progress.unref();
    try {
      for (let i = 0; runs !== undefined ? i < runs : Date.now() - started < timeMs!; i++) {
        const c = makeFuzzCase(source, seed, i);
        if (!c) {
          counts.skipped++;
          continue;
        }
        counts.cases++;
        const v = await judge(subject, c.xml, c.bytes, c.reset, caseTimeout);
        if (v.kind === 'ok') continue;
        if (v.kind === 'unsupported') {
          counts.unsupported++;
          if (counts.unsupported === 1) io.stderr.write(`fuzz fast: case ${i} unsupported (counted apart, not a finding): ${v.message}\n`);
          continue;
        }
        counts[v.kind]++;
        if (counts[v.kind] > MAX_REPRODUCERS_PER_KIND) continue;
        const dir = await report(c, v, subject, caseTimeout, out, adapter, seed);
        written.push(dir);
        io.stderr.write(`fuzz fast: ${v.kind} in case ${i} (${c.strategy}): ${v.message.split('\n')[0]}\n  reproducer: ${dir}\n`);
      }
    } finally {
      clearInterval(progress);
      subject.close();
    }
    const found = counts.crash + counts.hang + counts.disagreement;
    // Judged: the cases the subject answered (a result, a crash or a hang). None judged is no pass.
    const judged = counts.cases - counts.unsupported;
    io.stdout.write(
      `${toCanonicalJson({ seed, adapter, cases: counts.cases, judged, unsupported: counts.unsupported, skipped: counts.skipped, crashes: counts.crash, hangs: counts.hang, disagreements: counts.disagreement, seconds: Math.round((Date.now() - started) / 100) / 10, reproducers: written })}\n`,
    );
    const outcome = found > 0 ? `found ${found}, reproducers in ${out}` : judged === 0 ? 'no case judged: the subject declined every one' : 'nothing found';
    io.stderr.write(`${line(counts, started)} — ${outcome}\n`);
    if (!given && counts.unsupported > 0) {
      // Random templates stay inside the declared capabilities: declining them is worth a look.
      io.stderr.write(`fuzz fast: warning: the subject declined ${counts.unsupported} case(s) generated inside the capabilities it declares\n`);
    }
    return found === 0 && judged > 0 ? EXIT.ok : EXIT.failure;
  },
};

function line(c: Record<string, number>, started: number): string {
  return `fuzz fast: ${c.cases} cases · ${c.crash} crashes · ${c.hang} hangs · ${c.disagreement} disagreements · ${c.unsupported} unsupported · ${c.skipped} skipped · ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

/** Reference in-process, subject in its child; a reference that throws is a bug of fairwire itself. */
async function judge(subject: FuzzSubject, xml: string, bytes: Uint8Array, reset: FastResetPolicy, timeout: number): Promise<Verdict & { expected?: StreamDecodeResult; outcome?: SubjectOutcome }> {
  const expected = referenceDecode(xml, bytes, reset);
  const outcome = await subject.run(xml, bytes, reset, timeout);
  return { ...verdict(expected, outcome), expected, outcome };
}

async function report(c: FuzzCase, v: Verdict, subject: FuzzSubject, timeout: number, out: string, adapter: string, seed: number): Promise<string> {
  // Hangs cost a full deadline per try: minimise them only a little.
  const bytes = await minimiseBytes(c.bytes, async (b) => (await judge(subject, c.xml, b, c.reset, timeout)).kind === v.kind, { maxTries: v.kind === 'hang' ? 3 : 200, budgetMs: 15_000 });
  const final = await judge(subject, c.xml, bytes, c.reset, timeout);
  const dir = join(out, `${v.kind}-${String(c.index).padStart(6, '0')}`);
  await mkdir(dir, { recursive: true });
  const hex = Buffer.from(bytes).toString('hex');
  const replayCmd = `npx fairwire fuzz fast ${option('replay', dir)} ${option('adapter', adapter)}`;
  await writeFile(join(dir, 'templates.xml'), c.xml);
  await writeFile(join(dir, 'stream.bin'), bytes);
  await writeFile(join(dir, 'stream.hex'), `${hex}\n`);
  await writeFile(
    join(dir, 'finding.json'),
    `${toCanonicalJson(
      {
        kind: final.kind === 'ok' ? v.kind : final.kind,
        message: final.kind === 'ok' ? v.message : final.message,
        seed,
        case: c.index,
        strategy: c.strategy,
        detail: c.detail,
        reset: c.reset,
        originalHex: Buffer.from(c.bytes).toString('hex'),
        streamHex: hex,
        reference: final.expected,
        subject: final.outcome,
        replay: replayCmd,
        referenceCommand: `npx fairwire decode ${option('templates', join(dir, 'templates.xml'))} ${option('reset', c.reset)} ${shellWord(join(dir, 'stream.bin'))}`,
      },
      2,
    )}\n`,
  );
  return dir;
}

async function replay(dir: string, adapter: string, timeout: number, io: CommandIo): Promise<number> {
  let xml: string;
  let bytes: Uint8Array;
  let reset: FastResetPolicy;
  try {
    xml = await readFile(join(dir, 'templates.xml'), 'utf8');
    bytes = new Uint8Array(await readFile(join(dir, 'stream.bin')));
    const finding = JSON.parse(await readFile(join(dir, 'finding.json'), 'utf8')) as { reset?: FastResetPolicy };
    reset = finding.reset === 'message' ? 'message' : 'none';
    parseTemplates(xml);
  } catch (err) {
    if (err instanceof FastError) throw new UsageError(`${dir}/templates.xml: ${err.message}`);
    throw new UsageError(`cannot read reproducer ${dir}: ${(err as Error).message}`);
  }
  const subject = new FuzzSubject(adapter);
  try {
    await subject.open();
  } catch (err) {
    throw new UsageError(`cannot load adapter '${adapter}': ${(err as Error).message}`);
  }
  try {
    const v = await judge(subject, xml, bytes, reset, timeout);
    io.stdout.write(`${toCanonicalJson({ verdict: v.kind, message: v.message, reference: v.expected, subject: v.outcome })}\n`);
    return v.kind === 'ok' ? EXIT.ok : EXIT.failure;
  } finally {
    subject.close();
  }
}

function positiveInt(option: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option} wants a positive integer, got '${v}'`);
  return n;
}

function positiveNumber(option: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${option} wants a positive number, got '${v}'`);
  return n;
}

function integer(option: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`${option} wants an integer, got '${v}'`);
  return n | 0;
}
