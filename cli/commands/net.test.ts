import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { SYNTH_FEEDS, synthesize } from '../net/synth.ts';
import { runCli } from './testing/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'fairwire-net-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (argv: string[]) => runCli(argv);

describe('fairwire net', () => {
  it('synth is deterministic per seed; inspect prints one line per frame plus counters', async () => {
    const a = join(dir, 'a.pcapng');
    const b = join(dir, 'b.pcapng');
    expect((await run(['net', 'synth', '--count', '50', '--seed', '9', '--out', a, '--fcs', '--pcapng', '--ns'])).code).toBe(0);
    expect((await run(['net', 'synth', '--count', '50', '--seed', '9', '--out', b, '--fcs', '--pcapng', '--ns'])).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const r = await run(['net', 'inspect', a, '--ip', '10.20.0.100', '--join', '239.192.10.1:30001', '--join', '239.192.10.2:30002']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(51);
    expect(lines[0].frame.fcs.valid).toBe(true);
    const delivered = lines.slice(0, 50).filter((l) => l.verdict.action === 'deliver');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((l) => l.verdict.path === 'fast')).toBe(true);
    const counters = lines[50].counters;
    const total = Object.values({ ...counters.fast }).concat(Object.values(counters.slow)).reduce((x: number, y) => x + (y as number), 0);
    expect(total).toBe(50);
  });

  it('inspect --templates decodes what the fast path delivers, message for message', async () => {
    const f = join(dir, 'm.pcap');
    const t = join(dir, 'm.xml');
    expect((await run(['net', 'synth', '--count', '80', '--seed', '4', '--out', f, '--templates-out', t])).code).toBe(0);
    const { frames } = synthesize({ count: 80, seed: 4, fcs: false, format: 'pcap' });
    const feed = SYNTH_FEEDS[0];
    const r = await run(['net', 'inspect', f, '--templates', t, '--join', `${feed.group}:${feed.port}`]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    const fast = lines.filter((l) => l.fast);
    const want = frames.flatMap((fr, i) => (fr.feed?.group === feed.group && fr.spec.vlan === null ? [{ index: i, messages: fr.messages }] : []));
    expect(want.length).toBeGreaterThan(3);
    expect(fast.map((l) => ({ index: l.index, messages: l.fast.messages }))).toEqual(JSON.parse(JSON.stringify(want)));
  });

  it('bad input: usage errors exit 2, a damaged capture exits 1 with the record and offset', async () => {
    expect((await run(['net', 'synth', '--count', 'x', '--seed', '1', '--out', join(dir, 'x')])).code).toBe(2);
    expect((await run(['net', 'inspect', join(dir, 'none.pcap')])).code).toBe(2);
    expect((await run(['net', 'inspect', join(dir, 'a.pcapng'), '--join', '10.0.0.1:5'])).code).toBe(2);
    const p = join(dir, 'c.pcap');
    await run(['net', 'synth', '--count', '5', '--seed', '1', '--out', p]);
    const bytes = readFileSync(p);
    writeFileSync(p, bytes.subarray(0, bytes.length - 3));
    const r = await run(['net', 'inspect', p]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/capture-truncated: .*\(frame 4\) \(offset \d+\)/);
  });
});
