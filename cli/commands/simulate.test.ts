import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateTree } from '../../reference/multicast/harness.ts';
import { hedgingDistribution } from '../../reference/multicast/montecarlo.ts';
import { main } from '../main.ts';
import { parseSvg } from '../plot/testing/svg.ts';
import { runCli } from './testing/run-cli.ts';

const run = (argv: string[], stdout?: NodeJS.WritableStream) => runCli(argv, stdout ? { stdout } : {});

const tmp = () => mkdtempSync(join(tmpdir(), 'fairwire-simulate-'));

describe('fairwire simulate montecarlo', () => {
  it('prints one cell as {"depth","hedge","iterations","mean","std"}, close to the exact moments', async () => {
    const r = await run(['simulate', 'montecarlo', '--depth', '3', '--hedge', '2', '--iterations', '20000', '--seed', '5', '--json']);
    expect(r.code).toBe(0);
    const cell = JSON.parse(r.out) as Record<string, number>;
    expect(Object.keys(cell)).toEqual(['depth', 'hedge', 'iterations', 'mean', 'std']);
    const exact = hedgingDistribution(3, 2, 1000);
    expect(cell).toMatchObject({ depth: 3, hedge: 2, iterations: 20000 });
    expect(Math.abs(cell.mean! - exact.mean)).toBeLessThan((5 * exact.std) / Math.sqrt(20000));
    expect(r.err).toMatch(/seed 5/);
    // the same seed, the same figures
    expect((await run(['simulate', 'montecarlo', '--depth', '3', '--hedge', '2', '--iterations', '20000', '--seed', '5', '--json'])).out).toBe(r.out);
  });

  it('without --depth/--hedge prints the 5x5 table (NDJSON with --json), with the exact moments for people', async () => {
    const j = await run(['simulate', 'montecarlo', '--iterations', '500', '--json']);
    expect(j.code).toBe(0);
    const cells = j.out.trim().split('\n').map((l) => JSON.parse(l) as { depth: number; hedge: number });
    expect(cells.map((c) => `${c.depth}/${c.hedge}`)).toEqual([1, 2, 3, 4, 5].flatMap((d) => [0, 1, 2, 3, 4].map((h) => `${d}/${h}`)));
    const t = await run(['simulate', 'montecarlo', '--iterations', '500', '--depths', '1,2', '--hedges', '0..1']);
    expect(t.out).toMatch(/D=2 +\d\.\d{4} ± \d\.\d{4}/);
    expect(t.out).toContain('(1.0000 ± 0.4082)'); // exact, D=2 H=0: sum of two uniforms
  });

  it('--plot writes a well-formed SVG of the CDFs and moments', async () => {
    const file = join(tmp(), 'mc.svg');
    const r = await run(['simulate', 'montecarlo', '--iterations', '2000', '--depths', '2,3', '--hedges', '0,2', '--plot', file, '--json']);
    expect(r.code).toBe(0);
    const doc = parseSvg(readFileSync(file, 'utf8'));
    expect(doc.root).toBe('svg');
    expect(doc.text).toContain('CDF of T at depth D=3');
    expect(doc.text).toContain('H=2');
  });

  it('usage errors exit 2 with a clear message', async () => {
    for (const argv of [
      ['--depth', '-1'],
      ['--depth', 'x'],
      ['--depth', '13'],
      ['--hedge', '1.5'],
      ['--iterations', '1'],
      ['--depth', '1', '--depths', '1..2'],
      ['--depths', '3..1'],
      ['--plot', 'out.png'],
      ['--bogus'],
      ['extra'],
    ]) {
      const r = await run(['simulate', 'montecarlo', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(/^fairwire simulate montecarlo: .+\n\(see: fairwire simulate montecarlo --help\)/);
      expect(r.out).toBe('');
    }
  });
});

describe('fairwire simulate tree', () => {
  const base = ['simulate', 'tree', '--receivers', '30', '--messages', '300', '--hedge', '1', '--seed', '3'];

  it('--json gives the harness\'s own figures in µs (the CLI\'s pacing changes nothing)', async () => {
    const r = await run([...base, '--hold-release', '--headroom', '5', '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out) as { oml: Record<string, number>; dws: Record<string, number>; pf: number; messages: number; undelivered: number };
    expect(Object.keys(m.oml)).toEqual(['p50', 'p90', 'p99']);
    expect(Object.keys(m.dws)).toEqual(['p50', 'p99']);
    const direct = await simulateTree({ seed: 3, receivers: 30, messages: 300, hedge: 1, spraying: false, receiverHedge: false, unicast: false, holdRelease: { headroomNs: 5000 }, intervalNs: 100_000, clocks: { epsilonNs: 100 }, stragglers: [], spikes: [], pfThresholdNs: 1000 });
    expect(m).toMatchObject({
      oml: { p50: direct.oml.p50 / 1000, p90: direct.oml.p90 / 1000, p99: direct.oml.p99 / 1000 },
      dws: { p50: direct.dws.p50 / 1000, p99: direct.dws.p99 / 1000 },
      pf: direct.pf,
      messages: 300,
      undelivered: 0,
    });
  });

  it('prints a table for people; a straggler shows in OML; --plot writes the CDFs', async () => {
    const file = join(tmp(), 'tree.svg');
    const calm = await run([...base, '--hedge', '0', '--depth', '2']);
    const slow = await run([...base, '--hedge', '0', '--depth', '2', '--straggler', 'p1.0:200', '--plot', file]);
    expect(calm.code).toBe(0);
    expect(calm.out).toMatch(/OML \(µs\) +\d+\.\d{3}/);
    expect(calm.out).toMatch(/P\(F\) = \d+%/);
    const p99 = (s: string) => Number(/OML \(µs\) +[\d.]+ +[\d.]+ +([\d.]+)/.exec(s)![1]);
    expect(p99(slow.out)).toBeGreaterThan(p99(calm.out) + 150);
    const doc = parseSvg(readFileSync(file, 'utf8'));
    expect(doc.text).toContain('CDF of OML');
    expect(doc.text).toContain('CDF of DWS');
  });

  it('--report DIR writes a self-contained report.html (table and figure inline) and report.json', async () => {
    const dir = join(tmp(), 'report');
    const r = await run([...base, '--depth', '2', '--json', '--straggler', 'p1.0:50', '--report', dir]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Command: <code>fairwire simulate tree --receivers 30');
    expect(html).toMatch(/OML \(µs\) +\d/);
    expect(html).not.toMatch(/<script|<link|src=/);
    const svg = /<svg[\s\S]*<\/svg>/.exec(html)![0];
    expect(parseSvg(svg).text).toContain('CDF of DWS');
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { seed: number; result: unknown };
    expect(json.seed).toBe(3);
    expect(json.result).toEqual(JSON.parse(r.out));
  });

  it('--adapter puts a vendor\'s nodes in: a receiver that releases on arrival loses fairness', async () => {
    const ref = await run([...base, '--hold-release', '--json', '--adapter', 'reference']);
    const bad = await run([...base, '--hold-release', '--json', '--adapter', 'mutant:multicast-receiver-releases-on-arrival']);
    expect(ref.code).toBe(0);
    expect(bad.code).toBe(0);
    expect((JSON.parse(ref.out) as { pf: number }).pf).toBeGreaterThan(50);
    expect((JSON.parse(bad.out) as { pf: number }).pf).toBeLessThan(10);
    expect(ref.err).toMatch(/adapter: reference plays proxy and receiver nodes/);
  });

  it('a vendor node that breaks the protocol is a fault: exit 3, the node and event named, no figures', async () => {
    const r = await run([...base, '--depth', '2', '--messages', '20', '--adapter', 'cmd:python3 adapters/multicast/testing/malformed_multicast.py']);
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/protocol fault at node p1\.0: /);
    expect(r.err).toMatch(/event: +\{"type":"packet"/);
  });

  it('usage errors exit 2: missing or bad options, a node not in the tree, a shape that cannot hold N', async () => {
    for (const argv of [
      ['simulate', 'tree'],
      ['simulate', 'tree', '--receivers', '0'],
      ['simulate', 'tree', '--receivers', '10', '--straggler', 'proxy1'],
      ['simulate', 'tree', '--receivers', '10', '--straggler', 'p9.9'],
      ['simulate', 'tree', '--receivers', '10', '--spike', 'root>p1.0@5-1'],
      ['simulate', 'tree', '--receivers', '100', '--fanout', '2', '--depth', '2'],
      ['simulate', 'tree', '--receivers', '10', '--unicast', '--depth', '2'],
      ['simulate', 'tree', '--receivers', '10', '--rate', '0'],
      ['simulate', 'tree', '--receivers', '10', '--adapter', 'mutant:nope'],
      ['simulate', 'tree', '--receivers', '1000', '--messages', '10000', '--plot', 'x.svg'],
      ['simulate', 'tree', '--receivers', '10', '--seed', '-1'],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(/^fairwire simulate tree: .+/m);
      expect(r.err, argv.join(' ')).not.toMatch(/internal error|\n {4}at /);
    }
  });
});

describe('fairwire simulate sweep', () => {
  it('runs every planned run and says where the heuristic lands; --plot writes the figure', async () => {
    const file = join(tmp(), 'sweep.svg');
    const r = await run(['simulate', 'sweep', '--receivers', '30', '--messages', '100', '--depths', '1..3', '--hedges', '0,1', '--headrooms', '0,10', '--json', '--plot', file]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as { heuristic: { depth: number; fanout: number }; points: { part: string; scenario: string; depth: number; fanout: number; messages: number }[]; verdicts: { scenario: string; best: { depth: number }; ratio: number | null }[] };
    expect(s.heuristic).toEqual({ depth: 1, fanout: 30 });
    const shape = s.points.filter((p) => p.part === 'shape');
    expect(shape.map((p) => `${p.scenario} ${p.depth}/${p.fanout}`)).toEqual(['calm', 'straggler', 'spike'].flatMap((sc) => [`${sc} 1/30`, `${sc} 2/6`, `${sc} 3/4`]));
    expect(s.points.filter((p) => p.part === 'hedge')).toHaveLength(6);
    expect(s.points.filter((p) => p.part === 'headroom')).toHaveLength(3); // off, 0, 10
    expect(s.points.every((p) => p.messages === 100)).toBe(true);
    expect(s.verdicts.map((v) => v.scenario)).toEqual(['calm', 'straggler', 'spike']);
    expect(s.verdicts.every((v) => v.ratio !== null && v.ratio >= 1)).toBe(true);
    const doc = parseSvg(readFileSync(file, 'utf8'));
    expect(doc.text).toContain('OML over tree shape');
    expect(doc.text).toContain('P(F) against hedging factor H');
  });

  it('prints tables for people; usage errors exit 2', async () => {
    const r = await run(['simulate', 'sweep', '--receivers', '30', '--messages', '50', '--depths', '2', '--parts', 'shape', '--scenarios', 'calm']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/best D=2 F=6/);
    for (const argv of [['--parts', 'shape,bogus'], ['--depths', 'a'], ['--fanouts', '1', '--parts', 'shape'], ['--headrooms', '-1']]) {
      const e = await run(['simulate', 'sweep', '--receivers', '30', ...argv]);
      expect(e.code, argv.join(' ')).toBe(2);
    }
    expect((await run(['simulate', 'sweep'])).code).toBe(2);
  });
});

describe('fairwire simulate, as a command line tool', () => {
  it('--help teaches, with examples, for each command', async () => {
    for (const c of ['montecarlo', 'tree', 'sweep']) {
      const r = await run(['simulate', c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: fairwire simulate /);
      expect(r.out).toMatch(/Examples:\n {2}npx fairwire simulate /);
    }
  });

  it('a reader that goes away (EPIPE) ends the run quietly, exit 0', async () => {
    const closed = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const r = await run(['simulate', 'montecarlo', '--iterations', '100', '--json'], closed);
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/EPIPE|internal error/);
  });

  it('survives `| head` and stops on Ctrl-C with exit 130, without a stack trace', async () => {
    const cli = join(process.cwd(), 'cli', 'main.ts');
    // | head: the reader closes after one line while the table is still being written
    const head = spawn('sh', ['-c', `node --import tsx ${cli} simulate montecarlo --json --iterations 20000 | head -1`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let headOut = '';
    let headErr = '';
    head.stdout.on('data', (d) => (headOut += String(d)));
    head.stderr.on('data', (d) => (headErr += String(d)));
    await new Promise((resolve) => head.on('close', resolve));
    expect(headOut.trim().split('\n')).toHaveLength(1);
    expect(headErr).not.toMatch(/EPIPE|Error|\n {4}at /);

    // Ctrl-C once the run has started (it prints its seed first)
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'simulate', 'montecarlo', '--iterations', '100000000', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      err += String(d);
      if (!sent && /seed/.test(err)) sent = child.kill('SIGINT'); // once: a second Ctrl-C means "now"
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(err).toMatch(/interrupted: 0 of 25 cells done/);
    expect(err).not.toMatch(/\n {4}at /);
  });
});
