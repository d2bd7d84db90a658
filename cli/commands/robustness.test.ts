/**
 * The CLI never loses a run (issue 15): output paths checked before the run, one wording for
 * bad integers, one exit code per meaning in every command, every accepted adapter in the help.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allComponents, componentEntry } from '../../properties/catalogs.ts';
import { namedAdapterNames } from '../../properties/subject.ts';
import { runCli } from './testing/run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'fairwire-robust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const blocker = join(tmp, 'a-file');
writeFileSync(blocker, 'in the way\n');
const noStack = (s: string) => expect(s).not.toMatch(/internal error|\n {4}at /);

describe('output paths: a missing folder is created, an impossible one refused before the run (exit 2)', () => {
  it.each([
    ['conform --report', ['conform', '--component', 'fast', '--runs', '1', '--report', join(blocker, 'reports')], '--report'],
    ['conform --json', ['conform', '--component', 'fast', '--runs', '1', '--json', join(blocker, 'r.json')], '--json'],
    ['conform --expect --fix', ['conform', '--component', 'fast', '--runs', '1', '--expect', join(blocker, 'x', 'e.json'), '--fix'], '--expect'],
    ['conform --corpus', ['conform', '--component', 'fast', '--runs', '1', '--corpus', join(blocker, 'corpus')], '--corpus'],
    ['fuzz fast --out', ['fuzz', 'fast', '--runs', '1', '--out', join(blocker, 'findings')], '--out'],
    ['net synth --out', ['net', 'synth', '--count', '3', '--seed', '1', '--out', join(blocker, 'x.pcap')], '--out'],
    ['net synth --templates-out', ['net', 'synth', '--count', '3', '--seed', '1', '--out', join(tmp, 'ok.pcap'), '--templates-out', join(blocker, 't.xml')], '--templates-out'],
    ['simulate tree --plot', ['simulate', 'tree', '--messages', '10', '--receivers', '4', '--plot', join(blocker, 'p.svg')], '--plot'],
    ['simulate montecarlo --report', ['simulate', 'montecarlo', '--iterations', '10', '--report', join(blocker, 'r')], '--report'],
    ['conform --json naming a folder', ['conform', '--component', 'fast', '--runs', '1', '--json', tmp], '--json'],
  ])('%s', async (_, argv, option) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(option);
    expect(r.err).toMatch(/is a file, not a folder|is a folder; give a file name/);
    // Refused before any work: no seed line, no summary, nothing written.
    expect(r.err).not.toMatch(/seed \d/);
    expect(r.out).toBe('');
    noStack(r.err);
  }, 60_000);

  it('creates the missing folders of --json, --report, --out and --plot, and writes there', async () => {
    const json = join(tmp, 'new', 'deep', 'report.json');
    const report = join(tmp, 'new', 'reports', 'shard-1');
    const c = await runCli(['conform', '--component', 'fast', '--property', 'fast.decode.equivalence', '--runs', '2', '--seed', '1', '--no-corpus', '--quiet', '--json', json, '--report', report]);
    expect(c.code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ exitCode: 0 });
    expect(existsSync(join(report, 'report.json'))).toBe(true);
    const pcap = join(tmp, 'new', 'caps', 'x.pcap');
    expect((await runCli(['net', 'synth', '--count', '3', '--seed', '1', '--out', pcap])).code).toBe(0);
    expect(existsSync(pcap)).toBe(true);
    const plot = join(tmp, 'new', 'plots', 'mc.svg');
    expect((await runCli(['simulate', 'montecarlo', '--depth', '2', '--hedge', '0', '--iterations', '200', '--plot', plot])).code).toBe(0);
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg|<\?xml/);
    const out = join(tmp, 'new', 'fuzz', 'findings');
    expect((await runCli(['fuzz', 'fast', '--runs', '2', '--seed', '1', '--out', out])).code).toBe(0);
    expect(existsSync(out)).toBe(true);
  }, 120_000);
});

describe('integers: one wording everywhere', () => {
  it.each([
    [['conform', '--runs', '-1'], "--runs must be a positive integer, got '-1'"],
    [['conform', '--runs', 'abc'], "--runs must be a positive integer, got 'abc'"],
    [['conform', '--runs', '0'], "--runs must be a positive integer, got '0'"],
    [['conform', '--flaky-tries', '0'], "--flaky-tries must be a positive integer, got '0'"],
    [['conform', '--seed', 'x'], "--seed must be an integer in -2147483648..4294967295, got 'x'"],
    [['fuzz', 'fast', '--runs', '-1'], "--runs must be a positive integer, got '-1'"],
    [['fuzz', 'fast', '--case-timeout', 'abc'], "--case-timeout must be a positive integer, got 'abc'"],
    [['fuzz', 'fast', '--seed', 'x'], "--seed must be an integer in -2147483648..4294967295, got 'x'"],
    [['kill-matrix', '--runs', '-1'], "--runs must be a positive integer, got '-1'"],
    [['kill-matrix', '--bounded', '0'], "--bounded must be a positive integer, got '0'"],
    [['replay', 'x.json', '--flaky-tries', '-2'], "--flaky-tries must be a positive integer, got '-2'"],
    [['fpga', 'run', '--ring', '0'], "--ring must be a positive integer in 1..16777216, got '0'"],
    [['simulate', 'tree', '--receivers', '-1'], '--receivers must be a positive integer'],
    [['net', 'synth', '--count', '-1', '--seed', '1', '--out', join(tmp, 'n.pcap')], "--count must be a non-negative integer in 0..10000000, got '-1'"],
  ])('%j', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    noStack(r.err);
  });
});

describe('exit codes', () => {
  const missing = 'cmd:./no-such-vendor-binary --ndjson';
  it.each([
    [['conform', '--component', 'fast', '--runs', '1', '--no-corpus', '--adapter', missing]],
    [['fuzz', 'fast', '--runs', '1', '--out', join(tmp, 'fz'), '--adapter', missing]],
    [['simulate', 'tree', '--messages', '10', '--receivers', '4', '--adapter', missing]],
  ])('a vendor program that does not exist is an adapter fault, 3: %j', async (argv) => {
    const r = await runCli(argv);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/no-such-vendor-binary/);
    noStack(r.err);
  }, 60_000);

  it.each([
    [['conform', '--component', 'fast', '--adapter', 'no-such-adapter']],
    [['fuzz', 'fast', '--runs', '1', '--adapter', 'mutant:no-such-mutant']],
    [['fuzz', 'fast', '--runs', '1', '--adapter', './no-such-module.ts']],
  ])('an adapter that cannot be named or found is a usage error, 2: %j', async (argv) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    noStack(r.err);
  }, 60_000);
});

describe('help lists what it accepts', () => {
  it('conform --help names every named adapter and every mutant', async () => {
    const r = await runCli(['conform', '--help']);
    for (const n of namedAdapterNames()) expect(r.out).toContain(n);
    for (const e of allComponents()) for (const m of e.mutants) expect(r.out).toContain(m.name);
    expect(r.out).toMatch(/130 \/ 143/);
  });

  it('fuzz fast --help names the named adapters and the fast mutants, and exit 3', async () => {
    const r = await runCli(['fuzz', 'fast', '--help']);
    for (const n of namedAdapterNames()) expect(r.out).toContain(n);
    for (const m of componentEntry('fast')!.mutants) expect(r.out).toContain(m.name);
    expect(r.out).toMatch(/3 the adapter could not be started/);
  });

  it('encode --help lists only the framings encode writes; decode --help lists pcap too', async () => {
    const enc = await runCli(['encode', '--help']);
    expect(enc.out).toMatch(/raw, len32le/);
    expect(enc.out).not.toMatch(/pcap/);
    expect((await runCli(['encode', '--framing', 'pcap', '--templates', 'features/fast/templates.xml'])).err).toContain('--framing must be one of raw, len32le');
    expect((await runCli(['decode', '--help'])).out).toMatch(/pcap/);
  });

  it('decode --help lists every engine, and each one decodes (the command table loads decode alone)', async () => {
    const help = (await runCli(['decode', '--help'])).out;
    for (const e of ['reference', 'fpga', 'jit', 'wasm']) {
      expect(help).toMatch(new RegExp(`--engine NAME .*\\b${e}\\b`));
      const r = await runCli(['decode', '--engine', e, '--templates', 'features/fast/templates.xml'], { stdin: Buffer.from('e0818586' + '41c200e4', 'hex') });
      expect(r.code, r.err).toBe(0);
      expect(r.bytes.toString()).toContain('"Seq":"5"');
    }
  });
});
