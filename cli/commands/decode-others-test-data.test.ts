/**
 * `fairwire decode` on FAST test data written by others (reference/fast/testing/testdata/, from
 * mcsakoff/rs-fastlib): every vector through the CLI with each engine (reference, the FPGA
 * model's interpreter `fpga`, its `jit`), which must print the same canonical NDJSON, equal to
 * the expected values (known disagreements: reference/fast/testing/others-test-data.ts).
 */
import { describe, it, expect } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../main.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import {
  KNOWN_DISAGREEMENTS,
  canonicalMessages,
  loadOthersVectors,
  othersTemplatePath,
  othersTemplates,
  vectorBytes,
} from '../../reference/fast/testing/others-test-data.ts';

const ENGINES = ['reference', 'fpga', 'jit'] as const;

async function decode(argv: string[], stdin: Uint8Array): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => err.push(d));
  const code = await main(['decode', ...argv], { stdout, stderr, stdin: Readable.from([Buffer.from(stdin)]) });
  return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
}

const { vectors } = loadOthersVectors();

describe('fairwire decode --engine reference|fpga|jit on the others’ vectors', () => {
  it.each(vectors.map((v) => [v.id, v] as const))('%s', async (_id, v) => {
    const expected = canonicalMessages(v, othersTemplates(v.templates), KNOWN_DISAGREEMENTS[v.id]?.ours)
      .map((m) => `${toCanonicalJson(m)}\n`)
      .join('');
    const outs: string[] = [];
    for (const engine of ENGINES) {
      const r = await decode(['--templates', othersTemplatePath(v.templates), '--engine', engine, '-'], vectorBytes(v));
      expect(r.err, engine).toBe('');
      expect(r.code, engine).toBe(0);
      outs.push(r.out);
    }
    expect(outs[0]).toBe(expected);
    const known = KNOWN_DISAGREEMENTS[v.id];
    if (!known?.spec) {
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).toBe(outs[0]);
      return;
    }
    // A known reference bug (see its `why`): the FPGA engines give ours or the specification's value.
    const spec = canonicalMessages(v, othersTemplates(v.templates), known.spec)
      .map((m) => `${toCanonicalJson(m)}\n`)
      .join('');
    expect([expected, spec]).toContain(outs[1]);
    expect(outs[2]).toBe(outs[1]);
  });

  it('--reset message breaks the sequences that rely on the dictionary (the vectors do test state)', async () => {
    const v = vectors.find((x) => x.id === 'spec/3.2.4/mandatory-uint32')!;
    for (const engine of ENGINES) {
      const r = await decode(['--templates', othersTemplatePath(v.templates), '--engine', engine, '--reset', 'message', '-'], vectorBytes(v));
      expect(r.code, engine).toBe(1);
      expect(JSON.parse(r.out.trim().split('\n').at(-1)!).error.class, engine).toBe('dynamic');
    }
  });
});
