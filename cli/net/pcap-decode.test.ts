import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { decodeCommand } from '../commands/decode.ts';
import { MARKET_DATA_TEMPLATES_XML } from './market-data.ts';
import { SYNTH_FEEDS, synthesize } from './synth.ts';

const dir = mkdtempSync(join(tmpdir(), 'fairwire-pcap-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function decode(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await decodeCommand.run(argv, { stdout, stderr, stdin: new PassThrough() });
  return { code, out, err };
}

describe('fairwire decode --framing pcap', () => {
  const templates = join(dir, 't.xml');
  writeFileSync(templates, MARKET_DATA_TEMPLATES_XML);
  const { file, frames } = synthesize({ count: 120, seed: 21, fcs: true, format: 'pcapng' });
  const cap = join(dir, 'md.pcapng');
  writeFileSync(cap, file);

  it('--reset packet --join G:P prints exactly the messages of that feed, in order', async () => {
    const feed = SYNTH_FEEDS[1];
    const r = await decode(['--templates', templates, '--framing', 'pcap', '--reset', 'packet', '--join', `${feed.group}:${feed.port}`, cap]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const want = frames.filter((f) => f.feed?.group === feed.group).flatMap((f) => f.messages!);
    expect(want.length).toBeGreaterThan(10);
    expect(r.out).toBe(want.map((m) => toCanonicalJson(m) + '\n').join(''));
  });

  it('every feed joined; without --join the unicast noise is decoded too (and is not FAST); bad usage and a cut capture', async () => {
    const r = await decode(['--templates', templates, '--framing', 'pcap', '--reset', 'packet', ...SYNTH_FEEDS.flatMap((f) => ['--join', `${f.group}:${f.port}`]), cap]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(frames.flatMap((f) => f.messages ?? []).length);
    const all = await decode(['--templates', templates, '--framing', 'pcap', '--reset', 'packet', cap]);
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/"error":/);
    await expect(decode(['--templates', templates, '--join', '239.1.1.1:1', cap])).rejects.toThrow(/--join needs --framing pcap/);
    const cut = join(dir, 'cut.pcapng');
    writeFileSync(cut, file.subarray(0, file.length - 5));
    // Streamed: the joined feeds' messages before the cut are printed, then the cut is named.
    const c = await decode(['--templates', templates, '--framing', 'pcap', '--reset', 'packet', ...SYNTH_FEEDS.flatMap((f) => ['--join', `${f.group}:${f.port}`]), cut]);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/pcap: capture-(truncated|bad-block).*offset/);
    expect(c.out.trim().split('\n').length).toBeGreaterThan(10);
    expect(r.out.startsWith(c.out)).toBe(true);
  });
});
