import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import type { FastDecoderAdapter } from '../fast.ts';
import { AdapterFault } from '../fault.ts';
import { fastCatalog } from '../../properties/fast/catalog.ts';
import { runCatalog } from '../../properties/runner.ts';
import { createProcessFastDecoder } from './process-fast.ts';
import { VendorError } from './vendor-process.ts';
import { VendorSession } from './vendor-session.ts';

const EXAMPLE = fileURLToPath(new URL('../examples/python/fast_decoder.py', import.meta.url));
const MUTANT = fileURLToPath(new URL('../mutants/process/fast_nullable_not_decremented.py', import.meta.url));

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
  <template name="Quote" id="1">
    <uInt32 name="bid" presence="optional"/>
    <int64 name="seq"><increment value="100"/></int64>
    <string name="sym"><copy/></string>
    <int32 name="px"><delta/></int32>
  </template>
</templates>`;

// pmap 0b1_1_1_0000 (tid, seq, sym present) | tid 1 | bid NULL | seq 7 | "AB" | px delta +5
const MSG1 = [0xf0, 0x81, 0x80, 0x87, 0x41, 0xc2, 0x85];
// pmap: tid copied, seq incremented, sym copied | bid 4 (sent 5) | px delta -3
const MSG2 = [0x80, 0x85, 0xfd];

let session: VendorSession;
let vendor: FastDecoderAdapter;
const reference = createReferenceFastDecoder();

async function both(bytes: number[], reset: 'none' | 'message' = 'none') {
  for (const d of [vendor, reference]) {
    await d.loadTemplates(XML);
    await d.reset();
  }
  const b = Uint8Array.from(bytes);
  return { got: await vendor.decode(b, { reset }), want: await reference.decode(b, { reset }) };
}

beforeAll(async () => {
  session = await VendorSession.open({ command: 'python3', args: [EXAMPLE] });
  vendor = createProcessFastDecoder(session, 'python-example');
});
afterAll(() => vendor.close?.());

describe('process FAST decoder (the Python example over the protocol)', () => {
  it('declares its subset honestly', () => {
    expect(vendor.capabilities).toMatchObject({ int64: true, decimal: false, groups: false, operatorDelta: true, dictionaryScopes: false });
  });

  it('decodes hand-made streams exactly as the reference', async () => {
    const { got, want } = await both([...MSG1, ...MSG2]);
    expect(want.messages).toEqual([
      { templateId: 1, fields: { bid: null, seq: '7', sym: 'AB', px: '5' } },
      { templateId: 1, fields: { bid: '4', seq: '8', sym: 'AB', px: '2' } },
    ]);
    expect(got).toEqual(want);
  });

  it('reports the same errors class as the reference: truncation, unknown template, missing dictionary value', async () => {
    for (const [bytes, reset] of [
      [MSG1.slice(0, 5), 'none'],
      [[0xc0, 0x89, 0x80], 'none'],
      [[...MSG1, ...MSG2], 'message'],
    ] as const) {
      const { got, want } = await both([...bytes], reset);
      expect(want.error).not.toBeNull();
      expect(got.messages).toEqual(want.messages);
      expect(got.error?.class).toBe(want.error?.class);
    }
  });

  it('refuses templates outside its capabilities with an error reply, not a fault', async () => {
    const xml = '<templates><template name="D" id="2"><decimal name="px"/></template></templates>';
    await expect(vendor.loadTemplates(xml)).rejects.toBeInstanceOf(VendorError);
    await expect(vendor.loadTemplates(xml)).rejects.toThrow(/unsupported/);
  });

  it('passes the FAST catalog within its capabilities', async () => {
    const results = await runCatalog({ catalog: fastCatalog, subject: vendor, oracle: reference, seed: 1234, runs: 25 });
    expect(results.map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`)).toEqual(fastCatalog.map((p) => `${p.id}: passed `));
  });

  it('after the vendor is killed: a fault, then a fresh process with the templates re-sent', async () => {
    await vendor.loadTemplates(XML);
    const pid = session.pid!;
    process.kill(pid, 'SIGKILL');
    await expect(vendor.decode(Uint8Array.from(MSG1), { reset: 'none' })).rejects.toBeInstanceOf(AdapterFault);
    const r = await vendor.decode(Uint8Array.from(MSG1), { reset: 'none' });
    expect(r.messages).toEqual([{ templateId: 1, fields: { bid: null, seq: '7', sym: 'AB', px: '5' } }]);
    expect(session.pid).not.toBe(pid);
  });

  it('the nullable-integer mutant is caught by the catalog', async () => {
    const s = await VendorSession.open({ command: 'python3', args: [MUTANT] });
    const mutant = createProcessFastDecoder(s, 'mutant');
    try {
      const [r] = await runCatalog({ catalog: fastCatalog, subject: mutant, oracle: reference, seed: 99, propertyIds: ['fast.decode.equivalence'] });
      expect(r?.status).toBe('failed');
    } finally {
      await mutant.close?.();
    }
  });
});

describe('a vendor that declines every stream', () => {
  it('answering `skipped` makes the FAST properties vacuous, never failed (the case is discarded, not a throw)', async () => {
    const TEST_VENDOR = fileURLToPath(new URL('./testing/test_vendor.py', import.meta.url));
    const s = await VendorSession.open({ command: 'python3', args: [TEST_VENDOR, 'fast-skipped'] });
    const subject = createProcessFastDecoder(s, 'declines-everything');
    try {
      const results = await runCatalog({ catalog: fastCatalog, subject, oracle: reference, seed: 7, runs: 3, propertyIds: ['fast.decode.equivalence'] });
      expect(results.map((r) => r.status)).toEqual(['vacuous']);
    } finally {
      await subject.close?.();
    }
  });
});
