import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.ts';
import { runCli } from './testing/run-cli.ts';

const run = (argv: string[], stdinText = '') => runCli(argv, { stdin: stdinText });

const sell = '{"type":"new","id":"s1","account":"A","symbol":"X","side":"sell","orderType":"limit","price":"100","quantity":"5"}';
const buy = '{"type":"new","id":"b1","account":"B","symbol":"X","side":"buy","orderType":"limit","price":"100","quantity":"2"}';

describe('fairwire match', () => {
  it('prints one canonical event per line, rejects bad commands and goes on', async () => {
    const r = await run(['match', '--symbols', 'X:5', '--snapshot'], `${sell}\n\n# comment\n{"type":"cancel","id":"nope"}\n${buy}\n`);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(['accepted', 'level', 'bbo', 'rejected', 'accepted', 'trade', 'level', 'bbo', 'snapshot']);
    expect(lines.at(-1)).toEqual({ type: 'snapshot', books: [{ symbol: 'X', bids: [], asks: [{ price: '100', quantity: '3', orders: [{ id: 's1', account: 'A', quantity: '3' }] }] }] });
  });

  it('reads a file and applies tick sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-match-'));
    const file = join(dir, 'session.ndjson');
    writeFileSync(file, `${sell.replace('"100"', '"101"')}\n`);
    const r = await run(['match', file, '--tick', '5']);
    expect(r.out.trim()).toBe('{"type":"rejected","id":"s1","reason":"off-tick"}');
  });

  it('stops with exit 2 on a line that is not JSON, after printing what came before', async () => {
    const r = await run(['match'], `${sell}\n{"type":\n${buy}\n`);
    expect(r.code).toBe(2);
    expect(r.out.trim().split('\n')).toHaveLength(3);
    expect(r.err).toMatch(/line 2: not JSON/);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['match', '--tick', '0'])).code).toBe(2);
    expect((await run(['match', '--symbols', 'X:1.5'])).code).toBe(2);
    expect((await run(['match', '/no/such/file'])).code).toBe(2);
    expect((await run(['match', '--bogus'])).code).toBe(2);
    expect((await run(['match', '--help'])).out).toMatch(/Example:/);
  });
});
