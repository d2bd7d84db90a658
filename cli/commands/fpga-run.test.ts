import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.ts';
import { runCli } from './testing/run-cli.ts';

const run = (argv: string[], stdin: Uint8Array = new Uint8Array(0)) => runCli(argv, { stdin });

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
<template name="Q" id="1"><uInt32 name="seq"><increment/></uInt32><string name="sym"><copy/></string></template>
</templates>`;
// Message 1: pmap (tid, seq, sym), tid 1, seq 5, sym "AB"; message 2: pmap (tid only): seq 6, sym "AB".
const STREAM = Uint8Array.from([0xf0, 0x81, 0x85, 0x41, 0xc2, 0xc0, 0x81]);

function templates(xml = XML): string {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-fpga-'));
  const file = join(dir, 't.xml');
  writeFileSync(file, xml);
  return file;
}

describe('fairwire fpga', () => {
  it('compile prints a listing that names the routine and the fields', async () => {
    const r = await run(['fpga', 'compile', '--templates', templates()]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('.jt 1 Q');
    expect(r.out).toMatch(/\+seq\s+1\s+incr\.u32,d1\s+-/);
    const jit = await run(['fpga', 'compile', '--templates', templates(), '--jit']);
    expect(jit.out).toContain('// template id 1: the body of a factory that returns the routine\nreturn function routine(rt, base)');
  });

  it('compile refuses a template the model cannot hold, naming it', async () => {
    const many = Array.from({ length: 251 }, (_, i) => `<uInt32 name="f${i}"/>`).join('');
    const r = await run(['fpga', 'compile', '--templates', templates(`<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="Big" id="1">${many}</template></templates>`)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('template "Big", field "f250"');
  });

  it('run prints ring records, or canonical messages with --json, for both engines', async () => {
    const recs = await run(['fpga', 'run', '--templates', templates(), '-'], STREAM);
    expect(recs.code).toBe(0);
    const lines = recs.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^#000000 T,EOM\s+fd:0000000000000001 header \| 01:0000000000000005 seq \| 02:0000000000000002 sym \| ff:0000000000004241 \+$/);
    for (const engine of ['interpreter', 'jit']) {
      const j = await run(['fpga', 'run', '--templates', templates(), '--json', '--engine', engine, '-'], STREAM);
      expect(j.out.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
        { templateId: 1, fields: { seq: '5', sym: 'AB' } },
        { templateId: 1, fields: { seq: '6', sym: 'AB' } },
      ]);
    }
  });

  it('run exits 1 with the error after the messages decoded before it', async () => {
    const j = await run(['fpga', 'run', '--templates', templates(), '--json', '-'], STREAM.subarray(0, 6));
    expect(j.code).toBe(1);
    const lines = j.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ error: { code: 'D1', class: 'dynamic' } });
  });

  it('rejects bad options with exit 2', async () => {
    expect((await run(['fpga', 'run', '--templates', templates(), '--engine', 'gpu'])).code).toBe(2);
    expect((await run(['fpga', 'run', '--templates', templates(), '--ring', '0'])).code).toBe(2);
    expect((await run(['fpga', 'compile'])).code).toBe(2);
  });
});
