import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../commands/testing/run-cli.ts';

/**
 * The streaming commands on input larger than every buffer, through a real child process and a
 * real pipe (what `| wc -l` and `| head` see), and their memory on two sizes of input. No timing.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const TEMPLATES = join(ROOT, 'corpora/mfast-complex/example.xml');
const CORPUS = readFileSync(join(ROOT, 'corpora/mfast-complex/complex30000.dat'));
const CORPUS_MESSAGES = 30001;
const CLI = [join(ROOT, 'cli/main.ts')];
const NODE = [process.execPath, '--import', 'tsx'];
/** A small V8 heap: the garbage collector then runs as it must, so the peak measures what is live (and an input held whole would not fit). */
const SMALL_HEAP = ['--max-old-space-size=64', '--max-semi-space-size=4'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fairwire-stream-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The corpus (len32le, 30,001 messages, 2.1 MB) `times` times over. */
function corpusTimes(times: number): string {
  const file = join(dir, `corpus-x${times}.dat`);
  writeFileSync(file, Buffer.concat(Array.from({ length: times }, () => CORPUS)));
  return file;
}

interface ChildRun {
  readonly code: number | null;
  readonly lines: number;
  readonly err: string;
  /** Peak resident set (VmHWM) seen while it ran, kB. */
  readonly hwmKb: number;
}

/** Runs the CLI with stdout read as a stream (lines counted, nothing kept), sampling VmHWM. */
function runChild(args: readonly string[], nodeFlags: readonly string[] = []): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const child = spawn(NODE[0]!, [...nodeFlags, ...NODE.slice(1), ...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let err = '';
    let hwmKb = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
      } catch {
        // exited between samples
      }
    };
    const timer = setInterval(sample, 20);
    child.stdout.on('data', (d: Buffer) => {
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
      sample();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(timer);
      done({ code, lines, err, hwmKb });
    });
  });
}

const DECODE = ['decode', '--templates', TEMPLATES, '--framing', 'len32le', '--reset', 'message'];

describe('streaming decode through a pipe', () => {
  it('a 21 MB stream read through a pipe: every one of its 300,010 lines arrives, exit 0', async () => {
    const r = await runChild([...DECODE, corpusTimes(10)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines).toBe(10 * CORPUS_MESSAGES);
  }, 300_000);

  it('memory stays flat: a stream 4x larger peaks at about the same resident set', async () => {
    const small = await runChild([...DECODE, corpusTimes(6)], SMALL_HEAP);
    const big = await runChild([...DECODE, corpusTimes(24)], SMALL_HEAP);
    expect([small.code, big.code]).toEqual([0, 0]);
    expect(big.lines).toBe(24 * CORPUS_MESSAGES);
    expect(small.hwmKb).toBeGreaterThan(0);
    // The inputs differ by 38 MB (and their decoded messages by far more): holding either would show.
    const growthKb = big.hwmKb - small.hwmKb;
    if (growthKb >= 16_000) console.error(`VmHWM ${small.hwmKb} kB on 13 MB, ${big.hwmKb} kB on 51 MB`);
    expect(growthKb).toBeLessThan(16_000);
  }, 600_000);

  it('| head -n 3: exit 0 and nothing on stderr (the closed pipe ends the command quietly)', async () => {
    const rc = join(dir, 'rc');
    const cmd = `{ ${[...NODE, ...CLI, ...DECODE, corpusTimes(4)].map((w) => `'${w}'`).join(' ')}; echo $? > '${rc}'; } | head -n 3 > /dev/null`;
    const r = await new Promise<{ code: number | null; err: string }>((done) => {
      const child = spawn('sh', ['-c', cmd], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => done({ code, err }));
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
  }, 300_000);
});

describe('a capture cut short', () => {
  /** The first `n` len32le frames of the corpus, and their end offset. */
  function frames(n: number): { bytes: Buffer; end: number } {
    let at = 0;
    for (let i = 0; i < n; i++) at += 4 + CORPUS.readUInt32LE(at);
    return { bytes: CORPUS.subarray(0, at), end: at };
  }

  it('len32le: 49 whole frames and a partial 50th yield the 49 messages, then an error naming the offset, exit 1', async () => {
    const { end } = frames(49);
    const fiftieth = CORPUS.readUInt32LE(end);
    const cut = CORPUS.subarray(0, end + 4 + Math.floor(fiftieth / 2));
    const whole = await runCli([...DECODE, '-'], { stdin: frames(49).bytes });
    const r = await runCli([...DECODE, '-'], { stdin: cut });
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter(Boolean)).toHaveLength(49);
    expect(r.out).toBe(whole.out);
    expect(r.err).toContain(`len32le: frame 50 at offset ${end} claims ${fiftieth} bytes`);
    expect(r.err).toMatch(/cut short/);
    for (const engine of ['jit', 'wasm']) {
      const e = await runCli([...DECODE, '--engine', engine, '-'], { stdin: cut });
      expect({ code: e.code, out: e.out }).toEqual({ code: 1, out: whole.out });
    }
  });

  it('raw: a stream cut inside its last message decodes every whole message, then the error at the cut', async () => {
    // The corpus without its length words: the messages back to back (2 MB, more than the read-ahead).
    const raw: Buffer[] = [];
    for (let at = 0; at < CORPUS.length; ) {
      const n = CORPUS.readUInt32LE(at);
      raw.push(CORPUS.subarray(at + 4, at + 4 + n));
      at += 4 + n;
    }
    const all = Buffer.concat(raw);
    const framed = await runCli([...DECODE, join(ROOT, 'corpora/mfast-complex/complex30000.dat')]);
    for (const engine of ['reference', 'jit']) {
      const r = await runCli(['decode', '--templates', TEMPLATES, '--reset', 'message', '--engine', engine, '-'], { stdin: all });
      expect(r.code).toBe(0);
      expect(r.out).toBe(framed.out);
      const cut = await runCli(['decode', '--templates', TEMPLATES, '--reset', 'message', '--engine', engine, '-'], { stdin: all.subarray(0, all.length - 1) });
      expect(cut.code).toBe(1);
      const lines = cut.out.trim().split('\n');
      expect(lines).toHaveLength(CORPUS_MESSAGES);
      expect(lines.slice(0, -1).join('\n')).toBe(framed.out.trim().split('\n').slice(0, -1).join('\n'));
      expect(JSON.parse(lines.at(-1)!).error.code).toBe('D1');
      expect(JSON.parse(lines.at(-1)!).error.offset).toBe(all.length - 1); // the cut, counted from the start of the stream
    }
  }, 120_000);
});
