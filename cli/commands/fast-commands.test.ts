import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.ts';
import { runCli } from './testing/run-cli.ts';

const TEMPLATES = 'features/fast/templates.xml';

const run = async (argv: string[], stdin: Uint8Array | string = '') => {
  const r = await runCli(argv, { stdin });
  return { code: r.code, out: r.bytes, err: r.err };
};

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('fairwire decode / encode', () => {
  it('decodes to canonical NDJSON and encodes back to the same bytes', async () => {
    const stream = hex('e0 81 85 86 41c2 00e4  80 86 80 81');
    const d = await run(['decode', '--templates', TEMPLATES, '-'], stream);
    expect(d.code).toBe(0);
    const lines = d.out.toString('utf8').trim().split('\n');
    expect(lines).toEqual(['{"templateId":1,"fields":{"Seq":"5","Qty":"5","Sym":"AB","Px":"100"}}', '{"templateId":1,"fields":{"Seq":"6","Qty":null,"Sym":"AB","Px":"101"}}']);
    const e = await run(['encode', '--templates', TEMPLATES], d.out);
    expect(e.code).toBe(0);
    expect(e.out.toString('hex')).toBe(Buffer.from(stream).toString('hex'));
  });

  it('prints the messages before an error, then the error line, and exits 1', async () => {
    const d = await run(['decode', '--templates', TEMPLATES], hex('e0 81 85 86 41c2 00e4  c0 85'));
    expect(d.code).toBe(1);
    const lines = d.out.toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!).error.code).toBe('D9');
  });

  it('round-trips through len32le framing', async () => {
    const ndjson = '{"templateId":2,"fields":{"Note":"ABC"}}\n{"templateId":2,"fields":{"Note":"XABC"}}\n';
    const e = await run(['encode', '--templates', TEMPLATES, '--framing', 'len32le'], ndjson);
    expect(e.code).toBe(0);
    expect(e.out.readUInt32LE(0)).toBe(6); // c0 82 80 41 42 c3
    const d = await run(['decode', '--templates', TEMPLATES, '--framing', 'len32le'], e.out);
    expect(d.out.toString('utf8')).toBe(ndjson);
  });

  it('rejects an invalid message with exit 1 and bad options with exit 2', async () => {
    const bad = await run(['encode', '--templates', TEMPLATES], '{"templateId":1,"fields":{"Seq":"x"}}\n');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('line 1');
    expect((await run(['decode', '--templates', TEMPLATES, '--reset', 'sometimes'])).code).toBe(2);
    expect((await run(['decode', '--bogus'])).code).toBe(2);
    expect((await run(['decode', '-'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'fw-'));
    writeFileSync(join(dir, 't.xml'), '<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="a" id="1"><uInt32 name="x"><tail/></uInt32></template></templates>');
    const st = await run(['decode', '--templates', join(dir, 't.xml')], hex('c0 81 80'));
    expect(st.code).toBe(2);
    expect(JSON.parse(st.err.split('\n')[0]!).error.class).toBe('static');
  });
});

describe('fairwire fuzz fast', () => {
  it('finds nothing on the reference, deterministically', async () => {
    const a = await run(['fuzz', 'fast', '--runs', '24', '--seed', '11', '--out', mkdtempSync(join(tmpdir(), 'fw-'))]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out.toString('utf8'))).toMatchObject({ cases: 24, crashes: 0, hangs: 0, disagreements: 0 });
  });

  it('finds a mutant, writes a replayable reproducer and exits 1', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fw-'));
    const r = await run(['fuzz', 'fast', '--runs', '60', '--seed', '5', '--out', out, '--adapter', 'mutant:fast-nullable-not-decremented']);
    expect(r.code).toBe(1);
    const dir = readdirSync(out).find((d) => d.startsWith('disagreement-'));
    expect(dir).toBeDefined();
    const finding = JSON.parse(readFileSync(join(out, dir!, 'finding.json'), 'utf8'));
    expect(finding.replay).toContain('--replay');
    const again = await run(['fuzz', 'fast', '--replay', join(out, dir!), '--adapter', 'mutant:fast-nullable-not-decremented']);
    expect(again.code).toBe(1);
    expect((await run(['fuzz', 'fast', '--replay', join(out, dir!)])).code).toBe(0);
  }, 300_000);

  it('fuzzes given templates', async () => {
    const a = await run(['fuzz', 'fast', '--templates', TEMPLATES, '--runs', '30', '--seed', '2', '--out', mkdtempSync(join(tmpdir(), 'fw-'))]);
    expect(a.code).toBe(0);
    const summary = JSON.parse(a.out.toString('utf8'));
    expect(summary.cases + summary.skipped).toBe(30);
    expect(summary.cases).toBeGreaterThan(20);
  });

  it('detects a hang, kills the subject and reports it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fw-'));
    const r = await run(['fuzz', 'fast', '--runs', '1', '--seed', '1', '--case-timeout', '300', '--out', out, '--adapter', 'cli/commands/testing/fast-fuzz-hanging-adapter.ts']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out.toString('utf8'))).toMatchObject({ cases: 1, hangs: 1 });
    expect(readdirSync(out).sort()).toEqual(['hang-000000', 'summary.json']);
  });

  it('rejects --time with --runs', async () => {
    expect((await run(['fuzz', 'fast', '--time', '1', '--runs', '3'])).code).toBe(2);
  });
});
