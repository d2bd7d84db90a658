import { randomInt } from 'node:crypto';
import { option, shellWord } from '../../properties/command-line.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ALL_FAST_CAPABILITIES, variantsInForce, type FastResetPolicy } from '../../adapters/fast.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastError } from '../../reference/fast/errors.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { isDefaultVariants } from '../../reference/fast/variants.ts';
import {
  minimiseBytes,
  minimiseTemplates,
  referenceDecode,
  verdict,
  FUZZ_STRATEGIES,
  type FindingKind,
  type SubjectOutcome,
  type TemplateSource,
  type Verdict,
} from '../../properties/fast/fuzz.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { CommandFailure, EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { outputDir } from '../output-path.ts';
import { parseCommandOptions, positiveInteger, positiveNumber, seedOption } from '../options.ts';
import { interruptible, type Interrupt } from '../signals.ts';
import { loadTemplateFile } from './fast-cli-io.ts';
import { FuzzSubject } from './fast-fuzz-subject.ts';
import { defaultJobs, FuzzCases, type MadeCase, type PreparedCase } from './fast-fuzz-cases.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { adapterSpecHelp } from './adapter-help.ts';
import { capabilitiesUsed } from '../../properties/fast/template-capabilities.ts';

const HELP = `fairwire fuzz fast — fuzz a FAST decoder with damaged streams, against the reference

Usage:
  fairwire fuzz fast [--templates FILE] [--time SECONDS | --runs N] [--seed S] [--out DIR]
                     [--adapter SPEC] [--case-timeout MS] [--jobs N]
  fairwire fuzz fast --replay DIR [--adapter SPEC]

Each case is a valid stream (random templates, or --templates), encoded by the reference and
then damaged by one strategy, in turn: ${FUZZ_STRATEGIES.join(', ')} (overlong: a valid
but overlong encoding). Random templates use only the features the subject declares in its
capabilities (a vendor's ready line). The subject's declared variants (readings where the FAST
specification reads two ways, spec/fast/variants.md: ready, a manifest's "variants", an in-process
adapter's \`variants\`) are followed by the reference: the valid stream is encoded and the damaged
one decoded under them. The subject runs in a child process. Reported:
  crash         the subject threw (or its process died, or broke the protocol) instead of
                returning a result
  hang          no answer within --case-timeout (the child is killed and restarted)
  disagreement  decoded messages, verdict (error or not) or error class differ from the reference
  unsupported   the subject declined the case (a skipped reply, error unsupported or
                unsupported-op): counted apart, never a finding; given templates that use a
                feature the subject lacks end up here
Findings are grouped by signature (the kind and what differs: the first differing field or
verdict, or the crash's first line with numbers abstracted); the first case of a signature must
fail again, the same way, on a fresh subject (a new vendor process, not a reset), else it is
counted as flaky apart and not saved. It is then minimised — bytes removed, then templates and
template fields, while the same signature reproduces — confirmed once more on a fresh subject
and written to DIR/<kind>-<case>/: templates.xml, stream.hex, stream.bin, finding.json (what
happened, the stderr tail, the replay command). DIR/summary.json counts every signature (and
the flaky ones). Progress goes to stderr every second. Cases are deterministic given --seed:
case i comes from (seed, i) alone, so any --jobs gives the same cases and the same findings.

Options:
  --templates FILE    FAST template XML (default: a random template set per case)
  --time SECONDS      stop after SECONDS
  --runs N            stop after N cases (default 500 when --time is not given)
  --seed S            session seed (default: random, printed)
  --out DIR           where reproducers go (default .fairwire/fuzz)
  --adapter SPEC      the decoder under test:
{adapters}
  --case-timeout MS   per-case deadline (default 2000)
  --jobs N            worker threads making cases and the reference's answers, ahead of the
                      subject (default: the number of cores less one, which the subject's
                      process takes; 1: cases made in the main thread)
  --replay DIR        rerun one reproducer against --adapter and print what happens

Ctrl-C or SIGTERM stops after the case in flight and writes DIR/summary.json with what ran
(exit 130 / 143); a second signal quits at once.

Exit codes: 0 nothing found · 1 crash, hang, disagreement or flaky finding, or no case judged at all
(every one unsupported or skipped) · 2 usage error (an unknown adapter, a bad option, an output
folder that cannot be created) · 3 the adapter could not be started (e.g. its program does not
exist) · 130 / 143 interrupted (SIGINT / SIGTERM)

Examples:
  npx fairwire fuzz fast --time 30 --seed 7
  npx fairwire fuzz fast --runs 500 --seed 7 --jobs 2
  npx fairwire fuzz fast --templates t.xml --runs 2000 --adapter ./my-decoder.ts --out findings
  npx fairwire fuzz fast --runs 5 --seed 1 --adapter mutant:fast-nullable-not-decremented --out found   # finds two: exit 1
  npx fairwire fuzz fast --replay found/disagreement-000000 --adapter mutant:fast-nullable-not-decremented   # still there: exit 1
`;

/** Distinct signatures given a minimised reproducer; later ones are counted only. */
const MAX_REPRODUCERS = 50;
/** A signature that was flaky this many times is not confirmed again (each try restarts the subject). */
const MAX_FLAKY_TRIES = 5;

/** One signature: its first confirmed reproducer and how many cases showed it. */
interface Group {
  readonly kind: FindingKind;
  readonly signature: string;
  count: number;
  readonly firstCase: number;
  readonly message: string;
  reproducer?: string;
}

/** Findings that did not fail again on a fresh subject, by signature: reported apart, never saved as findings. */
interface FlakyGroup {
  readonly kind: FindingKind;
  readonly signature: string;
  count: number;
  readonly firstCase: number;
  readonly message: string;
  /** What the fresh subject said about the first such case. */
  readonly onFreshSubject: string;
}

export const fuzzFastCommand: Command = {
  path: ['fuzz', 'fast'],
  summary: 'fuzz a FAST decoder with damaged streams against the reference',
  get help() {
    return HELP.replace('{adapters}', adapterSpecHelp(['fast'], '                        '));
  },
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandOptions(
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
        jobs: { type: 'string' },
      },
      { positionals: false },
    );
    void positionals;
    const adapter = values.adapter ?? 'reference';
    const caseTimeout = positiveInteger('--case-timeout', values['case-timeout'], 2000);
    const jobs = positiveInteger('--jobs', values.jobs, defaultJobs());
    if (values.replay) return replay(values.replay, adapter, caseTimeout, io);
    if (values.time !== undefined && values.runs !== undefined) throw new UsageError('give --time or --runs, not both');
    const timeMs = values.time === undefined ? undefined : positiveNumber('--time', values.time) * 1000;
    const runs = timeMs === undefined ? positiveInteger('--runs', values.runs, 500) : undefined;
    const seed = seedOption('--seed', values.seed) ?? randomInt(0, 2 ** 31 - 1);
    // Checked (and created) before the first case: findings must never be lost for want of a folder.
    const out = resolve(outputDir(values.out ?? '.fairwire/fuzz', '--out'));
    const given = values.templates ? await loadTemplateFile(values.templates) : undefined;
    // First signal: stop after the case in flight (a minimisation in flight keeps what it has),
    // write summary.json and the summary, exit 130 / 143. A second one quits at once.
    const stop = interruptible({ log: (l) => io.stderr.write(`fuzz fast: ${l}\n`), finishing: 'stopping after the case in flight and writing summary.json' });
    let subject: FuzzSubject;
    try {
      subject = await openSubject(adapter, caseTimeout);
    } catch (err) {
      stop.dispose();
      throw err;
    }
    // Random templates stay inside what the subject declares: a feature it says it lacks is not a finding.
    const source: TemplateSource = given ? { kind: 'given', set: given.set, xml: given.xml } : { kind: 'random', caps: subject.capabilities };
    const declared = Object.entries(subject.capabilities).filter(([, on]) => on).map(([k]) => k);
    const lacking = Object.keys(ALL_FAST_CAPABILITIES).filter((k) => !declared.includes(k));
    const variants = variantsOf(subject);
    io.stderr.write(
      `fuzz fast: seed ${seed}, adapter ${subject.name}, ${runs !== undefined ? `${runs} cases` : `${timeMs! / 1000} s`}, templates ${values.templates ?? 'random'}` +
        `${!given && lacking.length > 0 ? `, without ${lacking.join(', ')} (not declared by the subject)` : ''}` +
        `${isDefaultVariants(subject.variants) ? '' : `, variants ${variants.filter((v) => v.includes('declared')).join(', ')}`}\n`,
    );
    if (given) {
      const beyond = [...capabilitiesUsed(given.xml)].filter((c) => !subject.capabilities[c]);
      if (beyond.length > 0) io.stderr.write(`fuzz fast: warning: ${values.templates} uses ${beyond.join(', ')}, not declared by the subject: expect its cases to come back unsupported\n`);
    }
    const counts: Record<FindingKind | 'cases' | 'skipped' | 'unsupported' | 'flaky', number> = { cases: 0, skipped: 0, unsupported: 0, crash: 0, hang: 0, disagreement: 0, flaky: 0 };
    const groups = new Map<string, Group>();
    const flaky = new Map<string, FlakyGroup>();
    const written: string[] = [];
    const started = Date.now();
    const progress = setInterval(() => io.stderr.write(`${line(counts, groups.size, started)}\n`), 1000);
    progress.unref();
    // Cases are made (by `jobs` worker threads, or here) and sent to the subject ahead of the one
    // being judged, so that neither side waits for the other; they are judged strictly in index
    // order, so the findings do not depend on the job count or on timing.
    const cases = new FuzzCases(
      {
        source: given ? { kind: 'given', xml: given.xml, file: values.templates! } : { kind: 'random', caps: subject.capabilities },
        seed,
        ...(subject.variants ? { variants: subject.variants } : {}),
      },
      jobs,
      given ? source : undefined,
    );
    const wanted = (i: number): boolean => (runs !== undefined ? i < runs : Date.now() - started < timeMs!);
    const ahead: Promise<Dispatched>[] = [];
    let dispatched = 0;
    let lastDispatch: Promise<unknown> = Promise.resolve();
    const dispatch = (): void => {
      const prepared = cases.get(dispatched++);
      // Sent in index order (a worker may answer out of order): the subject sees the cases as numbered.
      const d = Promise.all([prepared, lastDispatch]).then(([p]): Dispatched => (p.case ? { prepared: p, outcome: subject.run(p.case.xml, p.case.bytes, p.case.reset, caseTimeout) } : { prepared: p }));
      lastDispatch = d.catch(() => undefined);
      ahead.push(d);
    };
    /** Everything sent has been answered: the subject may be restarted (confirming a finding). */
    const drain = async (): Promise<void> => {
      await Promise.allSettled(ahead.map((d) => d.then((x) => x.outcome)));
    };
    try {
      for (let i = 0; wanted(i); i++) {
        await stop.yield();
        if (stop.signal.aborted) break;
        while (dispatched < i + AHEAD && (dispatched <= i || wanted(dispatched))) dispatch();
        const { prepared, outcome } = await ahead.shift()!;
        const c = prepared.case;
        if (!c || !outcome) {
          counts.skipped++;
          continue;
        }
        counts.cases++;
        const v = judgeOutcome(c.xml, c.set, prepared.expected!, await outcome);
        if (v.kind === 'ok') continue;
        if (v.kind === 'unsupported') {
          counts.unsupported++;
          if (counts.unsupported === 1) io.stderr.write(`fuzz fast: case ${i} unsupported (counted apart, not a finding): ${v.message}\n`);
          continue;
        }
        const kind = v.kind;
        const signature = v.signature ?? kind;
        const known = groups.get(signature);
        // A signature already confirmed on a fresh subject and saved: one reproducer is enough.
        if (known) {
          known.count++;
          counts[kind]++;
          continue;
        }
        if (groups.size >= MAX_REPRODUCERS) {
          // Bounded work: beyond that many signatures, new ones are counted, not confirmed (the
          // summary says so: reproducer null).
          groups.set(signature, { kind, signature, count: 1, firstCase: i, message: v.message.split('\n')[0]! });
          counts[kind]++;
          continue;
        }
        const wasFlaky = flaky.get(signature);
        if (wasFlaky && wasFlaky.count >= MAX_FLAKY_TRIES) {
          wasFlaky.count++;
          counts.flaky++;
          continue;
        }
        await drain();
        const found = await confirmAndSave(c, v, signature, subject, caseTimeout, out, adapter, seed, stop);
        if (found.kind === 'flaky') {
          counts.flaky++;
          const f = flaky.get(signature);
          if (f) f.count++;
          else {
            flaky.set(signature, { kind, signature, count: 1, firstCase: i, message: v.message.split('\n')[0]!, onFreshSubject: found.fresh });
            io.stderr.write(`fuzz fast: flaky ${kind} in case ${i} (${c.strategy}): did not fail again on a fresh subject (${found.fresh}); not saved as a finding\n`);
          }
          continue;
        }
        counts[kind]++;
        const g: Group = known ?? { kind, signature, count: 0, firstCase: i, message: v.message.split('\n')[0]! };
        g.count++;
        g.reproducer = found.dir;
        groups.set(signature, g);
        written.push(found.dir);
        io.stderr.write(`fuzz fast: ${kind} in case ${i} (${c.strategy}): ${v.message.split('\n')[0]}\n  signature: ${signature}\n  reproducer: ${found.dir}\n`);
      }
      // Every case asked was judged, or the run says it was interrupted: never fewer counted as all.
      if (runs !== undefined && !stop.received && counts.cases + counts.skipped !== runs) {
        throw new Error(`fuzz fast: ${counts.cases + counts.skipped} of ${runs} cases were judged`);
      }
    } finally {
      clearInterval(progress);
      stop.dispose();
      cases.close();
      subject.close();
    }
    const foundCount = counts.crash + counts.hang + counts.disagreement;
    // Judged: the cases the subject answered (a result, a crash or a hang). None judged is no pass.
    const judged = counts.cases - counts.unsupported;
    const summary = {
      seed,
      adapter,
      variants,
      cases: counts.cases,
      judged,
      unsupported: counts.unsupported,
      skipped: counts.skipped,
      crashes: counts.crash,
      hangs: counts.hang,
      disagreements: counts.disagreement,
      flaky: counts.flaky,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      reproducers: written,
      signatures: [...groups.values()].map((g) => ({
        kind: g.kind,
        signature: g.signature,
        count: g.count,
        firstCase: g.firstCase,
        // Null only past the first MAX_REPRODUCERS signatures: counted, never confirmed on a fresh subject.
        reproducer: g.reproducer ?? null,
        confirmed: g.reproducer !== undefined,
        message: g.message,
      })),
      flakySignatures: [...flaky.values()],
      ...(stop.received ? { interrupted: stop.received } : {}),
    };
    if (foundCount + counts.flaky > 0 || stop.received) {
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'summary.json'), `${toCanonicalJson(summary, 2)}\n`);
    }
    io.stdout.write(`${toCanonicalJson(summary)}\n`);
    for (const g of groups.values()) io.stderr.write(`  ${String(g.count).padStart(5)} × ${g.signature}${g.reproducer ? `  → ${g.reproducer}` : '  (not confirmed: too many signatures)'}\n`);
    for (const f of flaky.values()) io.stderr.write(`  ${String(f.count).padStart(5)} × flaky ${f.signature} (first in case ${f.firstCase})\n`);
    const outcome =
      (stop.received ? `interrupted by ${stop.received} (summary.json in ${out}); ` : '') +
      (foundCount + counts.flaky > 0
        ? `found ${foundCount} in ${groups.size} signature(s)${counts.flaky > 0 ? `, ${counts.flaky} flaky` : ''}; reproducers and summary.json in ${out}`
        : judged === 0
          ? 'no case judged: the subject declined every one'
          : 'nothing found');
    io.stderr.write(`${line(counts, groups.size, started)} — ${outcome}\n`);
    if (!given && counts.unsupported > 0) {
      // Random templates stay inside the declared capabilities: declining them is worth a look.
      io.stderr.write(`fuzz fast: warning: the subject declined ${counts.unsupported} case(s) generated inside the capabilities it declares\n`);
    }
    return stop.exitCode(foundCount === 0 && counts.flaky === 0 && judged > 0 ? EXIT.ok : EXIT.failure);
  },
};

function line(c: Record<string, number>, signatures: number, started: number): string {
  return `fuzz fast: ${c.cases} cases · ${c.crash} crashes · ${c.hang} hangs · ${c.disagreement} disagreements (${signatures} signatures) · ${c.flaky} flaky · ${c.unsupported} unsupported · ${c.skipped} skipped · ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

type Judged = Verdict & { expected?: StreamDecodeResult; outcome?: SubjectOutcome };

/** Cases sent to the subject ahead of the one judged (the host takes them one at a time). */
const AHEAD = 32;

interface Dispatched {
  readonly prepared: PreparedCase;
  /** Absent for a case that could not be made (skipped). */
  readonly outcome?: Promise<SubjectOutcome>;
}

/**
 * The verdict on a case whose reference answer is known. The templates are parsed only to name
 * a differing field in the signature (a case from a worker thread carries the XML alone).
 */
function judgeOutcome(xml: string, set: TemplateSet | undefined, expected: StreamDecodeResult, outcome: SubjectOutcome): Judged {
  let v = verdict(expected, outcome);
  if (v.kind === 'disagreement') v = verdict(expected, outcome, set ?? parseTemplates(xml));
  return { ...v, expected, outcome };
}

/** The subject's readings, one line each (`tailNull: unchanged (declared; default empty)`). */
const variantsOf = (subject: FuzzSubject): string[] => variantsInForce({ component: 'fast', ...(subject.variants ? { variants: subject.variants } : {}) });

/**
 * Reference in-process (under the subject's declared readings), subject in its child; a
 * reference that throws is a bug of fairwire itself.
 */
async function judge(subject: FuzzSubject, xml: string, bytes: Uint8Array, reset: FastResetPolicy, timeout: number): Promise<Judged> {
  const set = parseTemplates(xml);
  const expected = referenceDecode(set, bytes, reset, subject.variants);
  const outcome = await subject.run(xml, bytes, reset, timeout);
  return { ...verdict(expected, outcome, set), expected, outcome };
}

/** The same finding: the same kind and signature (a minimisation step must keep both). */
const same = (a: Verdict, signature: string) => a.kind !== 'ok' && a.kind !== 'unsupported' && (a.signature ?? a.kind) === signature;

/**
 * A finding is saved only when it fails again, with the same signature, on a fresh subject (a
 * new vendor process, not a reset): first the case as found, then its minimised form (bytes,
 * then templates, then bytes again) — itself confirmed on a fresh subject before it is written,
 * else the unminimised case is written. Otherwise the finding is flaky.
 */
async function confirmAndSave(
  c: MadeCase,
  v: Verdict,
  signature: string,
  subject: FuzzSubject,
  timeout: number,
  out: string,
  adapter: string,
  seed: number,
  stop: Interrupt,
): Promise<{ kind: 'saved'; dir: string } | { kind: 'flaky'; fresh: string }> {
  const onFresh = async (xml: string, bytes: Uint8Array): Promise<Judged> => {
    await subject.restart(timeout);
    return judge(subject, xml, bytes, c.reset, timeout);
  };
  const first = await onFresh(c.xml, c.bytes);
  if (!same(first, signature)) return { kind: 'flaky', fresh: first.kind === 'ok' ? 'it decoded the stream as the reference does' : `${first.kind}: ${first.message.split('\n')[0]}` };
  // Hangs cost a full deadline per try: minimise them only a little.
  const hang = v.kind === 'hang';
  const limits = { maxTries: hang ? 40 : 200, budgetMs: hang ? Math.max(15_000, 20 * timeout) : 15_000 };
  // Interrupted: every further candidate "passes", so minimisation ends with the smallest case so far.
  const stillFails = async (xml: string, bytes: Uint8Array) => !stop.signal.aborted && same(await judge(subject, xml, bytes, c.reset, timeout), signature);
  let bytes = await minimiseBytes(c.bytes, (b) => stillFails(c.xml, b), limits);
  const xml = await minimiseTemplates(c.xml, (x) => stillFails(x, bytes), limits);
  if (xml !== c.xml) bytes = await minimiseBytes(bytes, (b) => stillFails(xml, b), limits);
  const minimised = await onFresh(xml, bytes);
  if (same(minimised, signature)) return { kind: 'saved', dir: await write(c, minimised, signature, xml, bytes, out, adapter, seed, subject) };
  const original = await onFresh(c.xml, c.bytes);
  if (same(original, signature)) return { kind: 'saved', dir: await write(c, original, signature, c.xml, c.bytes, out, adapter, seed, subject) };
  return { kind: 'flaky', fresh: original.kind === 'ok' ? 'it decoded the stream as the reference does' : `${original.kind}: ${original.message.split('\n')[0]}` };
}

/** The reproducer folder: what the fresh subject did with exactly these templates and bytes. */
async function write(c: MadeCase, final: Judged, signature: string, xml: string, bytes: Uint8Array, out: string, adapter: string, seed: number, subject: FuzzSubject): Promise<string> {
  const dir = join(out, `${final.kind}-${String(c.index).padStart(6, '0')}`);
  await mkdir(dir, { recursive: true });
  const hex = Buffer.from(bytes).toString('hex');
  const replayCmd = `npx fairwire fuzz fast ${option('replay', dir)} ${option('adapter', adapter)}`;
  await writeFile(join(dir, 'templates.xml'), xml);
  await writeFile(join(dir, 'stream.bin'), bytes);
  await writeFile(join(dir, 'stream.hex'), `${hex}\n`);
  const stderrTail = final.outcome && 'stderrTail' in final.outcome ? final.outcome.stderrTail : undefined;
  await writeFile(
    join(dir, 'finding.json'),
    `${toCanonicalJson(
      {
        kind: final.kind,
        signature,
        message: final.message,
        confirmed: 'failed again on a fresh subject process, with these templates and bytes',
        seed,
        case: c.index,
        strategy: c.strategy,
        detail: c.detail,
        reset: c.reset,
        originalHex: Buffer.from(c.bytes).toString('hex'),
        originalTemplatesChars: c.xml.length,
        streamHex: hex,
        templatesChars: xml.length,
        // The readings the reference followed: the subject's declared ones.
        variants: variantsOf(subject),
        reference: final.expected,
        subject: final.outcome,
        ...(stderrTail ? { stderrTail } : {}),
        replay: replayCmd,
        // `fairwire decode` reads with the default readings: its answer is this reference's only then.
        ...(isDefaultVariants(subject.variants)
          ? { referenceCommand: `npx fairwire decode ${option('templates', join(dir, 'templates.xml'))} ${option('reset', c.reset)} ${shellWord(join(dir, 'stream.bin'))}` }
          : {}),
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
  const subject = await openSubject(adapter, timeout);
  try {
    const v = await judge(subject, xml, bytes, reset, timeout);
    io.stdout.write(
      `${toCanonicalJson({ verdict: v.kind, ...(v.signature ? { signature: v.signature } : {}), message: v.message, variants: variantsOf(subject), reference: v.expected, subject: v.outcome })}\n`,
    );
    return v.kind === 'ok' ? EXIT.ok : EXIT.failure;
  } finally {
    subject.close();
  }
}

/**
 * The subject's host, started: an adapter that cannot be loaded (unknown name, missing module, bad
 * manifest) is a usage error (exit 2); a vendor that cannot be started or dies before it is
 * ready (e.g. its binary does not exist) is an adapter fault (exit 3), as in conform.
 */
async function openSubject(adapter: string, timeout: number): Promise<FuzzSubject> {
  const subject = new FuzzSubject(adapter, timeout);
  try {
    await subject.open();
    return subject;
  } catch (err) {
    subject.close();
    const message = `cannot load adapter '${adapter}': ${(err as Error).message}`;
    if ((err as { fault?: boolean }).fault) throw new CommandFailure(`fairwire fuzz fast: adapter fault: ${message}`, EXIT.adapterFault);
    throw new UsageError(message);
  }
}
