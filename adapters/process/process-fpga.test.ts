import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fpgaInterpreterAdapter } from '../reference/fpga.ts';
import type { FpgaAdapter } from '../fpga.ts';
import { AdapterFault } from '../fault.ts';
import { fpgaAsmPresenceLost } from '../mutants/fpga-asm-presence-lost.ts';
import { fpgaNestedPmapOrder } from '../mutants/fpga-nested-pmap-order.ts';
import { fpgaTemplateDictNotReset } from '../mutants/fpga-template-dict-not-reset.ts';
import { fpgaCatalog } from '../../properties/fpga/catalog.ts';
import { runCatalog } from '../../properties/runner.ts';
import { createProcessFpga } from './process-fpga.ts';
import { VendorError } from './vendor-process.ts';
import { VendorSession } from './vendor-session.ts';

const REFERENCE_VENDOR = fileURLToPath(new URL('./testing/reference-vendor.ts', import.meta.url));
const TEST_VENDOR = fileURLToPath(new URL('./testing/test_vendor.py', import.meta.url));
const referenceVendor = (...extra: string[]) => ({ command: process.execPath, args: ['--import', 'tsx', REFERENCE_VENDOR, ...extra] });

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
  <template name="Quote" id="1">
    <uInt32 name="bid" presence="optional"/>
    <int64 name="seq"><increment value="100"/></int64>
    <string name="sym"><copy/></string>
    <int32 name="px"><delta/></int32>
  </template>
</templates>`;
// pmap tid+seq+sym | tid 1 | bid NULL | seq 7 | "AB" | px +5, then a message with copies, cut short.
const STREAM = Uint8Array.from([0xf0, 0x81, 0x80, 0x87, 0x41, 0xc2, 0x85, 0x80, 0x85]);

/** What `f` throws (or rejects with); undefined when it succeeds. */
const errorOf = (f: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(f)
    .then(
      () => undefined,
      (err: unknown) => err,
    );
const hex = (rs: readonly Uint8Array[]) => rs.map((r) => Buffer.from(r).toString('hex'));

let session: VendorSession;
let vendor: FpgaAdapter;
const model = fpgaInterpreterAdapter();

beforeAll(async () => {
  session = await VendorSession.open(referenceVendor(), { validation: 'strict' });
  vendor = createProcessFpga(session, 'reference-vendor');
});
afterAll(() => vendor.close?.());

describe('process FPGA adapter (the reference model over the protocol)', () => {
  it('takes its capabilities from ready; ringModel is never claimed over the wire', async () => {
    expect(vendor.capabilities).toMatchObject({ records: true, assembler: true, ringModel: false, groups: true });
    expect(vendor.listing).toBeTypeOf('function');
    expect(vendor.ringParts).toBeUndefined();
    const s = await VendorSession.open(referenceVendor());
    const limited = createProcessFpga(s, 'limited', { records: true, ringModel: true });
    try {
      expect(limited.capabilities).toMatchObject({ records: true, ringModel: false, assembler: false, int64: false });
      expect(limited.listing).toBeUndefined();
      expect(limited.assemble).toBeUndefined();
    } finally {
      await limited.close?.();
    }
  });

  it('returns the 64-byte ring records byte for byte and the messages read back, as the in-process model', async () => {
    for (const d of [vendor, model]) {
      await d.loadTemplates(XML);
      await d.reset();
    }
    for (const reset of ['none', 'message'] as const) {
      const got = await vendor.decode(STREAM, { reset });
      const want = await model.decode(STREAM, { reset });
      expect(want.records.length).toBeGreaterThan(1);
      expect(got.records.every((r) => r instanceof Uint8Array && r.length === 64)).toBe(true);
      expect(hex(got.records)).toEqual(hex(want.records));
      expect(got.result).toEqual(want.result);
    }
  });

  it('lists and reassembles programs as the model does', async () => {
    const listing = await vendor.listing!(XML);
    expect(listing).toBe(model.listing(XML));
    expect(await vendor.assemble!(listing)).toBe(listing);
  });

  it('a template the model cannot compile is an error reply (unsupported), not a fault', async () => {
    const fields = Array.from({ length: 300 }, (_, k) => `<uInt32 name="f${k}"/>`).join('');
    const wide = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="Wide" id="1">${fields}</template></templates>`;
    const pid = session.pid;
    const e = await errorOf(() => vendor.loadTemplates(wide));
    expect(e).toBeInstanceOf(VendorError);
    expect((e as VendorError).code).toBe('unsupported');
    expect(session.pid).toBe(pid);
  });

  it('passes the whole fpga catalog in strict validation, except the in-process ring property', async () => {
    const results = await runCatalog({ catalog: fpgaCatalog, subject: vendor, oracle: fpgaInterpreterAdapter(), seed: 2024, runs: 20 });
    expect(results.map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`)).toEqual(
      fpgaCatalog.map((p) => `${p.id}: ${p.requires.includes('ringModel') ? 'skipped' : 'passed'} `),
    );
  });
});

describe('the fpga catalog sees through the protocol', () => {
  for (const mutant of [fpgaAsmPresenceLost, fpgaNestedPmapOrder, fpgaTemplateDictNotReset]) {
    it(`kills ${mutant.name} served by a vendor process`, async () => {
      const s = await VendorSession.open(referenceVendor('--fpga-mutant', mutant.name), { validation: 'strict' });
      const subject = createProcessFpga(s, mutant.name);
      try {
        const [r] = await runCatalog({ catalog: fpgaCatalog, subject, oracle: fpgaInterpreterAdapter(), seed: 7, propertyIds: [mutant.killedBy![0]!] });
        expect(r?.status, r?.message).toBe('failed');
      } finally {
        await subject.close?.();
      }
    });
  }
});

describe('fpga replies that break the schema', () => {
  it('a 63-byte ring record is an AdapterFault; the restarted vendor gets the templates again', async () => {
    // Request 3 gets the bad record: 1 fpga.loadTemplates, 2 fpga.decode (fine), 3 fpga.decode.
    const s = await VendorSession.open({ command: 'python3', args: [TEST_VENDOR, 'fpga-bad-record', '3'] }, { validation: 'strict' });
    const subject = createProcessFpga(s, 'bad-record');
    try {
      expect(subject.capabilities).toMatchObject({ records: true, ringModel: false });
      await subject.loadTemplates(XML);
      const ok = await subject.decode(STREAM, { reset: 'none' });
      expect(ok.records.map((r) => r.length)).toEqual([64]);
      const pid = s.pid;
      const f = await errorOf(() => subject.decode(STREAM, { reset: 'none' }));
      expect(f).toBeInstanceOf(AdapterFault);
      expect((f as AdapterFault).message).toMatch(/fpga\.decode: result \(seq 3\) field \$\.records\[0\] = "0+\.\.\.: must match pattern "\^\[0-9a-f\]\{128\}\$"/);
      // A fresh process (the test vendor refuses fpga.decode before fpga.loadTemplates).
      expect((await subject.decode(STREAM, { reset: 'none' })).records.map((r) => r.length)).toEqual([64]);
      expect(s.pid).not.toBe(pid);
    } finally {
      await subject.close?.();
    }
  });

  it('in strict mode the harness refuses to send malformed fpga params (a harness bug, not a fault)', async () => {
    await expect(session.request('fpga.decode', { hex: 'zz', reset: 'none' })).rejects.toThrow(/harness bug: .*params\/hex/);
    await expect(session.request('fpga.listing', {})).rejects.toThrow(/harness bug/);
    expect((await session.process()).alive).toBe(true);
  });
});
