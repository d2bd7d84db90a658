import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import type { FastDecoderAdapter } from '../fast.ts';
import { AdapterFault } from '../fault.ts';
import { loadProcessAdapter } from './load.ts';
import { batchDecoderOf, type FastBatchDecoder } from './process-fast.ts';

/**
 * fast.decodeBatch as `fairwire compare` uses it: frames in order on the same dictionaries,
 * `resetBefore` a reset point, each result typed by the loaded templates, one result per frame.
 */
const EXAMPLES = fileURLToPath(new URL('../examples/python/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'fairwire-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
  <template name="Quote" id="1">
    <int64 name="seq"><increment value="100"/></int64>
    <string name="sym"><copy/></string>
  </template>
</templates>`;
// pmap tid+seq+sym | tid 1 | seq 7 | "AB"; then pmap: all from the dictionary (seq 8, "AB").
const FIRST = Uint8Array.of(0xf0, 0x81, 0x87, 0x41, 0xc2);
const NEXT = Uint8Array.of(0x80);

async function vendor(script: string): Promise<FastDecoderAdapter & FastBatchDecoder> {
  const a = (await loadProcessAdapter(`cmd:python3 ${script}`, 'fast')) as FastDecoderAdapter;
  const b = batchDecoderOf(a);
  if (!b) throw new Error('no batch op');
  return a as FastDecoderAdapter & FastBatchDecoder;
}

describe('fast.decodeBatch with reset points', () => {
  it('decodes the frames in order on the same dictionaries, resetting before the frames marked, as the reference does', async () => {
    const v = await vendor(join(EXAMPLES, 'fast_decoder.py'));
    try {
      await v.loadTemplates(XML);
      await v.reset();
      const frames = [
        { bytes: FIRST, resetBefore: false },
        { bytes: NEXT, resetBefore: false },
        { bytes: NEXT, resetBefore: true }, // after a reset: no previous template id (D5)
        { bytes: FIRST, resetBefore: true },
        { bytes: Uint8Array.of(0x80, 0x80), resetBefore: false },
      ];
      const got = await v.decodeFrames(frames, 'none');
      const ref = createReferenceFastDecoder();
      await ref.loadTemplates(XML);
      const want = [];
      for (const f of frames) {
        if (f.resetBefore) await ref.reset();
        want.push(await ref.decode(f.bytes, { reset: 'none' }));
      }
      expect(got.map((r) => [r.messages.map((m) => m.fields), r.error?.code ?? null])).toEqual(want.map((r) => [r.messages.map((m) => m.fields), r.error?.code ?? null]));
      expect(got[1]!.messages[0]!.fields).toEqual({ seq: '8', sym: 'AB' });
      expect(got[2]!.error?.code).toBe('D5');
      expect(got[4]!.messages.map((m) => m.fields['seq'])).toEqual(['8', '9']);
    } finally {
      await v.close?.();
    }
  }, 30_000);

  it('a vendor without the batch op (unsupported-op) gets the same frames as pipelined fast.reset / fast.decode requests', async () => {
    const old = join(tmp, 'no_batch.py');
    writeFileSync(
      old,
      `import sys\nsys.path.insert(0, ${JSON.stringify(EXAMPLES)})\nimport fast_decoder\nserve = fast_decoder.serve\ndef without_batch(**kw):\n    kw["handlers"].pop("fast.decodeBatch")\n    serve(**kw)\nfast_decoder.serve = without_batch\nfast_decoder.main()\n`,
    );
    const v = await vendor(old);
    try {
      await v.loadTemplates(XML);
      for (let pass = 0; pass < 2; pass++) {
        const got = await v.decodeFrames([{ bytes: FIRST, resetBefore: true }, { bytes: NEXT, resetBefore: false }, { bytes: NEXT, resetBefore: true }], 'none');
        expect(got.map((r) => [r.messages.map((m) => m.fields['seq']), r.error?.code ?? null])).toEqual([[['7'], null], [['8'], null], [[], 'D5']]);
      }
    } finally {
      await v.close?.();
    }
  }, 30_000);

  it('a reply with fewer results than frames, or a result off the templates, is a protocol fault', async () => {
    const short = join(tmp, 'short_batch.py');
    writeFileSync(
      short,
      `import os, sys\nsys.path.insert(0, ${JSON.stringify(EXAMPLES)})\nimport fast_decoder\nbatch = fast_decoder.decode_batch\nfast_decoder.decode_batch = lambda p: {"results": batch(p)["results"][:-1]}\nfast_decoder.main()\n`,
    );
    const v = await vendor(short);
    try {
      await v.loadTemplates(XML);
      await expect(v.decodeFrames([{ bytes: FIRST, resetBefore: true }, { bytes: NEXT, resetBefore: false }], 'none')).rejects.toThrow(AdapterFault);
    } finally {
      await v.close?.();
    }
    const typed = join(tmp, 'untyped_batch.py');
    writeFileSync(
      typed,
      `import os, sys\nsys.path.insert(0, ${JSON.stringify(EXAMPLES)})\nimport fast_decoder\nbatch = fast_decoder.decode_batch\ndef wrong(p):\n    r = batch(p)\n    r["results"][0]["messages"][0]["fields"]["seq"] = 8\n    return r\nfast_decoder.decode_batch = wrong\nfast_decoder.main()\n`,
    );
    const w = await vendor(typed);
    try {
      await w.loadTemplates(XML);
      const err = await w.decodeFrames([{ bytes: FIRST, resetBefore: true }], 'none').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterFault);
      expect(String((err as Error).message)).toContain('results[0]');
    } finally {
      await w.close?.();
    }
  }, 30_000);
});
