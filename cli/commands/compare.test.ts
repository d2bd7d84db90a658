import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../spec/schemas.ts';
import { mfastFlatCapture, type FlatCapture } from '../../properties/compare/testing/mfast-flat-capture.ts';
import type { CompareReport } from '../../properties/compare/compare-report.ts';
import { runCli } from './testing/run-cli.ts';

/**
 * `fairwire compare` (issue 14): a planted divergence in a corpus-sized capture is found through
 * the Python example vendor (FAIRWIRE_FAST_BUG=int64-delta-32) and through a mutant, with its
 * place in the capture and a reproducer that `fairwire replay` reruns; the reference is clean.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const corpusXml = join(root, 'corpora/mfast-complex/example.xml');
const corpusDat = join(root, 'corpora/mfast-complex/complex30000.dat');
const python = join(root, 'adapters/examples/python/fast_decoder.py');
const tmp = mkdtempSync(join(tmpdir(), 'fairwire-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const validReport = (r: unknown) => {
  const v = schemaValidator('compare-report.schema.json');
  expect(v(r), JSON.stringify(v.errors)).toBe(true);
};
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as CompareReport;
const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => f.endsWith('.json') && statSync(f).isFile()) : []);

describe('fairwire compare on the mFAST corpus (30,001 messages)', () => {
  it('a mutant: divergences with message, frame, template and field, JSON / JUnit / HTML reports, a reproducer that replay reruns', async () => {
    const report = join(tmp, 'mutant-report');
    const corpus = join(tmp, 'mutant-corpus');
    const r = await runCli(['compare', '--component', 'fast', '--adapter', 'mutant:fast-increment-as-copy', '--templates', corpusXml, '--framing', 'len32le', '--reset', 'message', '--report', report, '--corpus', corpus, '--quiet', corpusDat]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('divergence at message 1 (frame 2) template 1 MarketData: MDEntries[1].RptSeq value-differs: expected "1", got "0"');
    const json = readJson(join(report, 'compare.json'));
    validReport(json);
    expect(json.status).toBe('divergences');
    expect(json.totals).toMatchObject({ frames: 30001, messages: 30001 });
    expect(json.totals.divergences).toBeGreaterThan(1000);
    expect(json.totals.listed).toBe(1000);
    expect(json.byField).toEqual([{ templateId: 1, templateName: 'MarketData', field: 'MDEntries[1].RptSeq', divergences: json.totals.divergences, firstMessage: 1 }]);
    expect(json.byTemplate.find((t) => t.templateId === 2)).toMatchObject({ messages: 300, divergences: 0 });
    expect(readFileSync(join(report, 'junit.xml'), 'utf8')).toMatch(/<testcase classname="fairwire.compare" name="template 1 MarketData \(29700 messages\)"><failure/);
    expect(readFileSync(join(report, 'compare.html'), 'utf8')).toContain('href="#d-1-MDEntries_1__RptSeq"');
    // One reproducer per (template, field); replay reruns it: it still fails on the mutant, holds on the reference.
    const saved = files(corpus);
    expect(saved).toHaveLength(1);
    expect(json.divergences[0]!.corpusFile).toBe(saved[0]);
    expect(r.out).toContain(`replay: npx fairwire replay ${saved[0]}`);
    expect((await runCli(['replay', saved[0]!])).code).toBe(1);
    expect((await runCli(['replay', saved[0]!, '--adapter', 'reference'])).code).toBe(0);
    // And conform against the same vendor replays it first: one generated case (seed 5) passes alone.
    const conform = ['conform', '--component', 'fast', '--adapter', 'mutant:fast-increment-as-copy', '--property', 'fast.decode.malformed', '--runs', '1', '--seed', '5'];
    expect((await runCli([...conform, '--no-corpus'])).code).toBe(0);
    expect((await runCli([...conform, '--corpus', corpus])).code).toBe(1);
  }, 180_000);

  it('the reference: no divergence, no reproducer, exit 0', async () => {
    const corpus = join(tmp, 'reference-corpus');
    const json = join(tmp, 'reference.json');
    const r = await runCli(['compare', '--adapter', 'reference', '--templates', corpusXml, '--framing', 'len32le', '--reset', 'message', '--corpus', corpus, '--json', json, '--quiet', corpusDat]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^30001 messages in 30001 frames \(1996192 bytes\) compared: 0 divergences/m);
    const rep = readJson(json);
    validReport(rep);
    expect(rep.status).toBe('no-divergence');
    expect(files(corpus)).toEqual([]);
  }, 180_000);
});

describe('fairwire compare through the Python example vendor (batched over the protocol)', () => {
  let capture: FlatCapture;
  let dat: string;
  let xml: string;
  const manifest = (name: string, env: Record<string, string>) => {
    const f = join(tmp, name);
    writeFileSync(f, JSON.stringify({ name, command: 'python3', args: [python], env: { PYTHONUNBUFFERED: '1', ...env }, timeoutMs: 60_000 }));
    return f;
  };
  beforeAll(() => {
    capture = mfastFlatCapture({ plant: 20_001 });
    dat = join(tmp, 'flat.dat');
    xml = join(tmp, 'flat.xml');
    writeFileSync(dat, capture.capture);
    writeFileSync(xml, capture.xml);
  }, 120_000);

  it('finds the planted bug at the planted message and frame, and only there; replay reruns the reproducer', async () => {
    expect(capture.messages).toBe(90_001);
    const buggy = manifest('buggy.json', { FAIRWIRE_FAST_BUG: 'int64-delta-32' });
    const corpus = join(tmp, 'python-corpus');
    const json = join(tmp, 'python.json');
    const r = await runCli(['compare', '--adapter', buggy, '--templates', xml, '--framing', 'len32le', '--reset', 'packet', '--corpus', corpus, '--json', json, '--quiet', dat]);
    expect(r.code, r.err).toBe(1);
    const rep = readJson(json);
    validReport(rep);
    expect(rep.totals).toMatchObject({ frames: 30_001, messages: 90_001, divergences: 1 });
    expect(rep.divergences[0]).toMatchObject({ message: capture.planted!.message, frame: capture.planted!.frame, templateId: 11, templateName: 'Entry', field: 'PxMantissa', kind: 'value-differs', reproducerFrom: capture.planted!.frame });
    const saved = files(corpus);
    expect(saved, saved.join('\n')).toHaveLength(1);
    expect((await runCli(['replay', saved[0]!])).code).toBe(1);
    expect((await runCli(['replay', saved[0]!, '--adapter', 'reference'])).code).toBe(0);
  }, 300_000);

  it('the vendor without the bug: no divergence (first 3,000 frames)', async () => {
    const small = mfastFlatCapture({ frames: 3000 });
    const f = join(tmp, 'flat-3000.dat');
    writeFileSync(f, small.capture);
    const r = await runCli(['compare', '--adapter', manifest('clean.json', {}), '--templates', xml, '--framing', 'len32le', '--reset', 'packet', '--no-corpus', '--batch', '100', '--quiet', f]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${small.messages} messages in 3000 frames`);
  }, 120_000);
});

describe('fairwire compare: captures, options and faults', () => {
  it('pcap: the capture timestamp of the diverging datagram', async () => {
    const dir = join(tmp, 'pcap');
    const synth = await runCli(['net', 'synth', '--count', '300', '--seed', '7', '--out', join(dir, 'mix.pcap'), '--fcs', '--templates-out', join(dir, 'mix.xml')]);
    expect(synth.code, synth.err).toBe(0);
    const json = join(dir, 'out.json');
    const args = ['compare', '--templates', join(dir, 'mix.xml'), '--framing', 'pcap', '--join', '239.192.10.1:30001', '--reset', 'packet', '--no-corpus', '--json', json, '--quiet', join(dir, 'mix.pcap')];
    expect((await runCli([...args, '--adapter', 'reference'])).code).toBe(0);
    expect((await runCli([...args, '--adapter', 'mutant:fast-increment-as-copy'])).code).toBe(1);
    const rep = readJson(json);
    validReport(rep);
    // A group the capture never carries: nothing compared is a failure, never a green run.
    const none = await runCli(['compare', '--templates', join(dir, 'mix.xml'), '--framing', 'pcap', '--join', '239.192.99.99:1', '--no-corpus', join(dir, 'mix.pcap')]);
    expect(none.code).toBe(1);
    expect(none.out).toContain('nothing compared: the capture held no message');
    const d = rep.divergences[0]!;
    expect(d.timestampNs).toMatch(/^[1-9][0-9]{18}$/);
    expect(d.frame).toBeGreaterThan(1);
  }, 60_000);

  it('a capture cut short: the whole frames before the cut are compared and reported, then a clear error, exit 2', async () => {
    const data = readFileSync(corpusDat);
    let o = 0;
    for (let i = 0; i < 49; i++) o += 4 + data.readUInt32LE(o);
    const cut = join(tmp, 'cut.dat');
    writeFileSync(cut, data.subarray(0, o + 10));
    const json = join(tmp, 'cut.json');
    const r = await runCli(['compare', '--templates', corpusXml, '--framing', 'len32le', '--reset', 'message', '--no-corpus', '--json', json, cut]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('len32le: frame 50 at offset');
    expect(r.out).toContain('49 messages in 49 frames');
    expect(readJson(json).totals.frames).toBe(49);
    // The same capture on stdin.
    const piped = await runCli(['compare', '--templates', corpusXml, '--framing', 'len32le', '--reset', 'message', '--no-corpus', '-'], { stdin: data.subarray(0, o + 10) });
    expect(piped.code).toBe(2);
    expect(piped.out).toContain('49 messages in 49 frames');
  });

  it('an implementation that rejects the templates: nothing compared, said so, exit 1 (never a green run)', async () => {
    const json = join(tmp, 'rejected.json');
    const r = await runCli(['compare', '--adapter', `cmd:python3 ${python}`, '--templates', corpusXml, '--framing', 'len32le', '--reset', 'message', '--no-corpus', '--json', json, '--quiet', corpusDat]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('nothing compared');
    const rep = readJson(json);
    validReport(rep);
    expect(rep.status).toBe('templates-rejected');
    expect(rep.rejected).toContain('unsupported');
  }, 60_000);

  it('usage errors exit 2 before any work; a vendor that cannot start exits 3', async () => {
    const base = ['compare', '--templates', corpusXml, '--no-corpus'];
    expect((await runCli([...base, '--framing', 'bogus', corpusDat])).code).toBe(2);
    expect((await runCli([...base, '--join', '239.1.1.1:1', corpusDat])).code).toBe(2);
    expect((await runCli([...base, '--component', 'matching', corpusDat])).code).toBe(2);
    expect((await runCli([...base])).code).toBe(2);
    expect((await runCli(['compare', '--no-corpus', corpusDat])).code).toBe(2);
    expect((await runCli([...base, '--adapter', 'mutant:nope', corpusDat])).code).toBe(2);
    expect((await runCli([...base, join(tmp, 'missing.dat')])).code).toBe(2);
    const fault = await runCli([...base, '--adapter', 'cmd:/nonexistent/vendor-binary', '--framing', 'len32le', corpusDat]);
    expect(fault.code, fault.err).toBe(3);
  });

  it('SIGINT: the batch in flight finishes, the partial report is written, exit 130', async () => {
    const json = join(tmp, 'interrupted.json');
    const before = process.listenerCount('SIGINT');
    const poll = setInterval(() => {
      if (process.listenerCount('SIGINT') <= before) return;
      clearInterval(poll);
      setTimeout(() => process.emit('SIGINT'), 200);
    }, 2);
    const r = await runCli(['compare', '--templates', corpusXml, '--framing', 'len32le', '--reset', 'message', '--no-corpus', '--batch', '64', '--json', json, '--quiet', corpusDat]);
    expect(r.code).toBe(130);
    const rep = readJson(json);
    validReport(rep);
    expect(rep.status).toBe('interrupted');
    expect(rep.interrupted).toBe('SIGINT');
    // Whole batches only (64 frames each), and not the whole capture.
    expect(rep.totals.frames % 64).toBe(0);
    expect(rep.totals.frames).toBeLessThan(30001);
  }, 60_000);
});
