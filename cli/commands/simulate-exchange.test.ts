import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.ts';
import { parseSvg } from '../plot/testing/svg.ts';
import { runCli } from './testing/run-cli.ts';

const run = (argv: string[]) => runCli(argv);

const SMALL = ['simulate', 'exchange', '--participants', '12', '--duration', '0.3', '--uplink', '20', '--burst-every', '150', '--burst-length', '30', '--seed', '3'];

describe('fairwire simulate exchange', () => {
  it('--compare --json: both queues, the same seed, the metrics per window; the same seed gives the same bytes', async () => {
    const r = await run([...SMALL, '--compare', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/seed 3/);
    const doc = JSON.parse(r.out) as { seed: number; participants: number; runs: { queue: string; orders: { submitted: number; processed: number }; overall: { matchingRate: number; unfairness: number }; windows: unknown[]; bursts: unknown[] }[] };
    expect(doc).toMatchObject({ seed: 3, participants: 12 });
    expect(doc.runs.map((x) => x.queue)).toEqual(['loq', 'fifo']);
    for (const x of doc.runs) {
      expect(x.orders.submitted).toBeGreaterThan(0);
      expect(x.windows.length).toBeGreaterThanOrEqual(30); // 10 ms windows over 0.3 s
      expect(x.bursts).toEqual([{ startNs: 75_000_000, endNs: 105_000_000 }, { startNs: 225_000_000, endNs: 255_000_000 }]);
    }
    expect((await run([...SMALL, '--compare', '--json'])).out).toBe(r.out);
  });

  it('the table for people, and --plot writes the three panels with the bursts shaded', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fairwire-exchange-')), 'x.svg');
    const r = await run([...SMALL, '--fifo', '--plot', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/queue fifo: \d+ orders submitted/);
    expect(r.out).toMatch(/^bursts +\d+/m);
    const svg = parseSvg(readFileSync(file, 'utf8'));
    expect(svg.root).toBe('svg');
    for (const t of ['Matching rate', 'Order latency', 'Inbound unfairness']) expect(svg.text).toContain(t);
  });

  it('--adapter puts a vendor\'s inbound nodes in the path: a proxy that stamps dummies with its clock reorders orders by more than 2ε', async () => {
    const argv = ['simulate', 'exchange', '--participants', '20', '--duration', '0.5', '--fifo', '--epsilon', '100', '--seed', '1', '--json'];
    const gap = async (extra: string[]) => {
      const r = await run([...argv, ...extra]);
      expect(r.code).toBe(0);
      return (JSON.parse(r.out) as { overall: { overtakeGapNs: { max: number } } }).overall.overtakeGapNs.max;
    };
    expect(await gap([])).toBeLessThanOrEqual(200);
    expect(await gap(['--adapter', 'mutant:exchange-proxy-dummy-clock'])).toBeGreaterThan(200);
  });

  it('a vendor node that breaks the protocol is an adapter fault (exit 3) naming the node, never a result', async () => {
    const r = await run(['simulate', 'exchange', '--participants', '5', '--duration', '0.2', '--fifo', '--adapter', join(process.cwd(), 'cli', 'commands', 'testing', 'exchange-bad-gateway.ts')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/inbound protocol fault: node gateway-\d+/);
    expect(r.out).toBe('');
  });

  it('usage errors exit 2 and say what is wrong', async () => {
    for (const [argv, msg] of [
      [['--loq', '--fifo'], /exclude each other/],
      [['--participants', '0'], /--participants must be a positive integer in 1\.\.100000, got '0'/],
      [['--burst-every', '10', '--burst-length', '20'], /--burst-length .* must be ≤ --burst-every/],
      [['--plot', 'x.png'], /must end in \.svg/],
      [['--adapter', 'mutant:no-such'], /no-such|not registered/],
    ] as const) {
      const r = await run(['simulate', 'exchange', '--duration', '0.01', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });

  it('stops on Ctrl-C with exit 130, printing what it computed so far, without a stack trace', async () => {
    const cli = join(process.cwd(), 'cli', 'main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'simulate', 'exchange', '--participants', '50', '--duration', '600', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => {
      err += String(d);
      if (!sent && /seed/.test(err)) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(JSON.parse(out)).toMatchObject({ stopped: true });
    expect(err).toMatch(/interrupted/);
    expect(err).not.toMatch(/\n {4}at /);
  }, 60_000);
});
