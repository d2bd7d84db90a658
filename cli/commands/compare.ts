import { join } from 'node:path';
import type { FastDecoderAdapter } from '../../adapters/fast.ts';
import { AdapterFault } from '../../adapters/fault.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { option, shellWord } from '../../properties/command-line.ts';
import { buildReport, divergenceLine, reportDivergence, summaryLine, toCompareHtml, toCompareJUnit, type CompareReportDivergence } from '../../properties/compare/compare-report.ts';
import { compareCapture, TemplatesRejected, type CompareTotals, type Divergence } from '../../properties/compare/differential.ts';
import { saveReproducer } from '../../properties/compare/reproducer.ts';
import { DEFAULT_CORPUS_DIR } from '../../properties/corpus.ts';
import { writeAtomic } from '../../properties/report-atomic.ts';
import { loadSubject, SubjectError } from '../../properties/subject.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { parseJoin } from '../net/join-option.ts';
import { parseCommandOptions, positiveInteger } from '../options.ts';
import { outputDir, outputFile } from '../output-path.ts';
import { interruptible } from '../signals.ts';
import { adapterSpecHelp } from './adapter-help.ts';
import { openInput } from '../io/byte-source.ts';
import { CompareFramingError, len32leFrames, wholeInputFrames, type CompareFraming } from './compare-frames.ts';
import { loadTemplateFile, oneOf, readInput } from './fast-cli-io.ts';

const HELP = () => `fairwire compare — differential decoding of a real capture: reference vs an implementation

Usage:
  fairwire compare --component fast --adapter SPEC --templates FILE [--framing raw|len32le|pcap]
                   [--join G:P ...] [--reset none|message|packet] [--report DIR] [--json FILE]
                   [--corpus DIR | --no-corpus] [--batch N] [--max-listed N] [--vendor-timeout MS]
                   [--quiet] CAPTURE|-

Every frame of CAPTURE is decoded by the reference and by the implementation, on the same
dictionaries, in batches (one fast.decodeBatch round trip per batch for a process vendor).
Every divergence is reported with the message's index in the capture, its frame number and
capture timestamp (pcap), its template and the first differing field; its reproducer — the
bytes from the last dictionary reset point through the diverging message — is saved to the
corpus, so that the printed 'replay:' line reruns it and every later 'fairwire conform
--component fast' against the same vendor replays it first (a fixed bug stays fixed).
After a divergence or a decode error under --reset none, both decoders are reset before the
next frame (the dictionaries no longer mean the same thing), so each divergence is one the
implementation makes from the reference's state.

Options:
  --component fast   the component (only fast for now; the default)
  --adapter SPEC     the implementation under test (default: reference):
{adapters}
  --templates FILE   FAST template XML (required)
  --framing NAME     raw (default: one stream) · len32le (uint32 little-endian length before each
                     message or packet; read as a stream, any size) · pcap (UDP datagrams of a
                     pcap / pcapng capture); raw and pcap are read whole
  --join G:P         with --framing pcap: only datagrams to these group:port pairs (repeatable)
  --reset POLICY     none (default): dictionaries persist across frames · message: reset before
                     every message · packet: reset before every frame (datagram)
  --report DIR       write compare.json (spec/compare-report.schema.json), junit.xml and compare.html
  --json FILE        write the JSON report to FILE
  --corpus DIR       where reproducers are saved (default: ${DEFAULT_CORPUS_DIR}); at most one per
                     template and field, 20 in all
  --no-corpus        save no reproducer
  --batch N          frames per batch (default 512)
  --max-listed N     divergences listed one by one in the report (default 1000; all are counted)
  --vendor-timeout MS  a process vendor's deadline per request (default 10000)
  --quiet            no progress on stderr

Ctrl-C or SIGTERM: the batch in flight finishes, the report of what was compared is written,
exit 130 / 143. Output folders are created before the run, or the run is refused (exit 2).

Exit codes: 0 no divergence · 1 divergences found, or nothing compared (the implementation
            rejects the templates, or the capture holds no message) · 2 usage error, unreadable or malformed
            templates or capture (a capture cut short: what came before is compared and
            reported first) · 3 the adapter faulted (crash, hang, protocol violation, or it
            did not start) · 130 / 143 interrupted (SIGINT / SIGTERM)

Examples:
  npx fairwire compare --component fast --adapter mutant:fast-increment-as-copy --templates corpora/mfast-complex/example.xml --framing len32le --reset message --report reports/compare corpora/mfast-complex/complex30000.dat   # a divergence in 24000 of 30001 messages: exit 1
  npx fairwire compare --component fast --adapter reference --templates corpora/mfast-complex/example.xml --framing len32le --reset message corpora/mfast-complex/complex30000.dat
  npx fairwire net synth --count 1000 --seed 7 --out mix.pcap --fcs --templates-out mix.xml
  npx fairwire compare --adapter mutant:fast-increment-as-copy --templates mix.xml --framing pcap --join 239.192.10.1:30001 --reset packet mix.pcap   # exit 1
`;

/** Reproducers saved per run: the first of each (template, field), at most this many. */
const MAX_SAVED = 20;

export const compareCommand: Command = {
  path: ['compare'],
  summary: 'differential decoding of a real capture: every divergence from the reference, with a reproducer',
  get help() {
    return HELP().replace('{adapters}', adapterSpecHelp(['fast'], '                       '));
  },
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandOptions(argv, {
      component: { type: 'string' },
      adapter: { type: 'string' },
      templates: { type: 'string' },
      framing: { type: 'string' },
      join: { type: 'string', multiple: true },
      reset: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'string' },
      corpus: { type: 'string' },
      'no-corpus': { type: 'boolean' },
      batch: { type: 'string' },
      'max-listed': { type: 'string' },
      'vendor-timeout': { type: 'string' },
      quiet: { type: 'boolean' },
    });
    if ((values.component ?? 'fast') !== 'fast') throw new UsageError(`--component: compare decodes FAST captures; only 'fast' is supported, got '${values.component}'`);
    const framingName = oneOf<CompareFraming>('--framing', values.framing, ['raw', 'len32le', 'pcap'], 'raw');
    const reset = oneOf('--reset', values.reset, ['none', 'message', 'packet'], 'none');
    if (values.join && framingName !== 'pcap') throw new UsageError('--join needs --framing pcap');
    const joins = (values.join ?? []).map(parseJoin);
    const batchFrames = positiveInteger('--batch', values.batch, 512);
    const maxListed = positiveInteger('--max-listed', values['max-listed'], 1000);
    const vendorTimeoutMs = positiveInteger('--vendor-timeout', values['vendor-timeout']);
    if (values['no-corpus'] && values.corpus !== undefined) throw new UsageError('--corpus and --no-corpus exclude each other');
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which capture? (fairwire compare ... CAPTURE, or - for stdin)' : `one capture at a time, got ${positionals.length}`);
    const reportDir = outputDir(values.report, '--report');
    const jsonFile = outputFile(values.json, '--json');
    const corpusDir = values['no-corpus'] ? undefined : outputDir(values.corpus ?? DEFAULT_CORPUS_DIR, '--corpus');
    const adapterSpec = values.adapter ?? 'reference';
    const capture = positionals[0]!;
    const { xml, set } = await loadTemplateFile(values.templates);
    // len32le streams (files of any size); raw and pcap are read whole (compare-frames.ts).
    const source = framingName === 'len32le' ? await openInput(positionals, io) : undefined;
    const input = source ? undefined : await readInput(positionals, io);
    const command = [
      'npx fairwire compare --component fast',
      option('adapter', adapterSpec),
      option('templates', values.templates!),
      option('framing', framingName),
      ...joins.map((j) => option('join', `${j.group}:${j.port}`)),
      option('reset', reset),
      shellWord(capture),
    ].join(' ');

    let subject: FastDecoderAdapter;
    try {
      subject = (await loadSubject(adapterSpec, componentEntry('fast')!, vendorTimeoutMs ? { timeoutMs: vendorTimeoutMs } : {})) as FastDecoderAdapter;
    } catch (err) {
      if (err instanceof SubjectError) throw new UsageError(err.message);
      if (err instanceof AdapterFault) {
        io.stderr.write(`fairwire compare: adapter fault: ${err.message}\n${err.stderrTail ? `${err.stderrTail}\n` : ''}`);
        return EXIT.adapterFault;
      }
      throw err;
    }
    // The oracle reads the stream the way the subject declares it does (spec/fast/variants.md).
    const oracle = createReferenceFastDecoder(subject.variants ? { variants: subject.variants } : {});
    const names = new Map(set.templates.map((t) => [t.id, t.name] as const).filter((x): x is [number, string] => typeof x[0] === 'number'));

    const quiet = values.quiet ?? false;
    const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
    const stop = interruptible({ log: (line) => io.stderr.write(`${line}\n`), finishing: 'finishing the batch in flight and writing the report' });
    const started = new Date();
    const t0 = performance.now();
    const listed: CompareReportDivergence[] = [];
    const savedKeys = new Set<string>();
    let saved = 0;
    let printed = 0;
    let lastProgress = t0;
    let fault: { message: string; stderrTail?: string | undefined } | undefined;
    let framingError: string | undefined;
    let rejected: string | undefined;
    let totals: CompareTotals | undefined;

    const onDivergence = (d: Divergence) => {
      let file: string | undefined;
      const key = `${d.templateId} ${d.field}`;
      if (corpusDir && saved < MAX_SAVED && !savedKeys.has(key)) {
        file = saveReproducer(corpusDir, adapterSpec, set, d);
        if (file) {
          savedKeys.add(key);
          saved++;
        }
      }
      const r = reportDivergence(d, names, file);
      if (listed.length < maxListed) listed.push(r);
      if (printed < 20) {
        io.stdout.write(`${divergenceLine(r)}\n`);
        if (file) io.stdout.write(`  replay: npx fairwire replay ${shellWord(file)}\n`);
        printed++;
      } else if (printed === 20) {
        io.stdout.write('  … more divergences: see the report (--report DIR / --json FILE)\n');
        printed++;
      }
    };
    const onBatch = (t: CompareTotals) => {
      totals = t;
      const now = performance.now();
      if (quiet || now - lastProgress < (tty ? 500 : 10_000)) return;
      lastProgress = now;
      const s = (now - t0) / 1000;
      // len32le from a file: how far through it, and when it should end at this pace.
      const read = source?.size ? source.offset / source.size : undefined;
      const eta = read && read > 0 ? `, ${(read * 100).toFixed(0)} %, ETA ${Math.round((s * (1 - read)) / read)} s` : '';
      const line = `compare: ${t.frames} frames, ${t.messages} messages, ${t.divergences} divergences, ${Math.round(t.messages / s)} msgs/s, ${(t.bytes / 1e6 / s).toFixed(1)} MB/s${eta}`;
      io.stderr.write(tty ? `\r\u001b[2K${line}` : `${line}\n`);
    };

    let interrupted = false;
    try {
      const onCut = (msg: string) => {
        framingError = msg;
      };
      const frames = source ? len32leFrames(source, onCut) : wholeInputFrames(input!, framingName as 'raw' | 'pcap', joins);
      const outcome = await compareCapture(frames, {
        xml,
        templates: set,
        subject,
        oracle,
        reset,
        batchFrames,
        signal: stop.signal,
        yieldTurn: () => stop.yield(),
        onDivergence,
        onBatch,
      });
      totals = outcome.totals;
      interrupted = outcome.interrupted;
    } catch (err) {
      if (err instanceof CompareFramingError) throw new UsageError(err.message); // before any frame: nothing to report
      if (err instanceof UsageError) framingError = err.message; // the input failed half way (InputError): report what ran
      if (err instanceof TemplatesRejected) rejected = err.message;
      else if (err instanceof AdapterFault) fault = { message: err.message, stderrTail: err.stderrTail };
      // A decoder answers a frame with a result (its error inside), never with an error reply.
      else if ((err as Error)?.name === 'VendorError') fault = { message: `the vendor answered with an error instead of a result: ${(err as Error).message}` };
      else throw err;
    } finally {
      if (tty && !quiet) io.stderr.write('\r\u001b[2K');
      await subject.close?.();
      stop.dispose();
    }
    const empty: CompareTotals = { frames: 0, messages: 0, bytes: 0, divergences: 0, errorsAgreed: 0, byTemplate: new Map(), byField: new Map() };
    const report = buildReport(totals ?? empty, listed, {
      command,
      adapter: adapterSpec,
      templates: values.templates!,
      capture,
      framing: framingName,
      reset,
      startedAt: started,
      elapsedMs: performance.now() - t0,
      templateNames: names,
      ...(fault ? { fault } : {}),
      ...(rejected ? { rejected } : {}),
      ...(interrupted || stop.received ? { interrupted: stop.received ?? 'SIGINT' } : {}),
    });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (reportDir) {
      writeAtomic(join(reportDir, 'compare.json'), json);
      writeAtomic(join(reportDir, 'junit.xml'), toCompareJUnit(report));
      writeAtomic(join(reportDir, 'compare.html'), toCompareHtml(report));
    }
    if (jsonFile) writeAtomic(jsonFile, json);
    if (framingError) io.stderr.write(`fairwire compare: ${framingError} (the frames before it were compared)\n`);
    if (fault) io.stderr.write(`fairwire compare: adapter fault: ${fault.message}\n${fault.stderrTail ? `${fault.stderrTail}\n` : ''}`);
    io.stdout.write(`${summaryLine(report)}\n`);
    if (fault) return stop.exitCode(EXIT.adapterFault);
    if (rejected || report.totals.divergences > 0) return stop.exitCode(EXIT.failure);
    if (framingError) return stop.exitCode(EXIT.usage);
    // A capture with nothing in it (or a --join that matches nothing) proves nothing: never green.
    return stop.exitCode(report.status === 'empty' ? EXIT.failure : EXIT.ok);
  },
};
