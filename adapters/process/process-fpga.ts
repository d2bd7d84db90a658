import { ALL_FAST_CAPABILITIES } from '../fast.ts';
import type { FpgaAdapter, FpgaCapabilities, FpgaDecodeOutput } from '../fpga.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { capabilitiesFor } from './capabilities.ts';
import { lazyFastResultCheck } from './fast-canonical-schema.ts';
import type { VendorSession } from './vendor-session.ts';

/** Every flag of the FPGA contract (the template capabilitiesFor keeps). */
const ALL_FPGA_FLAGS: FpgaCapabilities = { ...ALL_FAST_CAPABILITIES, records: true, ringModel: true, assembler: true };

/** The `fpga.decode` result on the wire: the FAST result plus the ring records as hex. */
interface WireDecode extends StreamDecodeResult {
  readonly records: readonly string[];
}

const hexOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/**
 * FpgaAdapter over the vendor protocol: fpga.loadTemplates / fpga.reset / fpga.decode, and
 * fpga.listing / fpga.assemble when the vendor declares `assembler`. Records come back as hex
 * (64 bytes each; strict validation checks the length) and are compared byte for byte.
 *
 * `ringModel` is always false here: the ring properties drive a writer and a reader object
 * synchronously, step by step, which only an in-process model can offer. After a fault the
 * session restarts the vendor and this wrapper re-sends the last templates.
 */
export function createProcessFpga(session: VendorSession, name: string, override?: Readonly<Record<string, boolean>>): FpgaAdapter {
  const capabilities: FpgaCapabilities = { ...capabilitiesFor<FpgaCapabilities>(ALL_FPGA_FLAGS, session.ready, 'fpga', override), ringModel: false };
  let templates: string | undefined;
  session.onRestart = async (p) => {
    if (templates !== undefined) await p.request('fpga.loadTemplates', { xml: templates });
  };
  const adapter: FpgaAdapter = {
    name,
    component: 'fpga',
    capabilities,
    async loadTemplates(xml: string): Promise<void> {
      templates = undefined;
      await session.request('fpga.loadTemplates', { xml });
      templates = xml;
    },
    async reset(): Promise<void> {
      await session.request('fpga.reset', {});
    },
    async decode(bytes: Uint8Array, options: { readonly reset: 'none' | 'message' }): Promise<FpgaDecodeOutput> {
      const check = templates === undefined ? undefined : lazyFastResultCheck(templates);
      const r = await session.request<WireDecode>('fpga.decode', { hex: hexOf(bytes), reset: options.reset }, check);
      return {
        result: { messages: r.messages, error: r.error, reports: r.reports },
        records: r.records.map((h) => Uint8Array.from(Buffer.from(h, 'hex'))),
      };
    },
    close: () => session.close(),
  };
  if (!capabilities.assembler) return adapter;
  return {
    ...adapter,
    async listing(xml: string): Promise<string> {
      return (await session.request<{ listing: string }>('fpga.listing', { xml })).listing;
    },
    async assemble(listing: string): Promise<string> {
      return (await session.request<{ listing: string }>('fpga.assemble', { listing })).listing;
    },
  };
}
