import { ALL_FAST_CAPABILITIES, type FastCapabilities, type FastDecoderAdapter, type FastResetPolicy, type FastVariants } from '../fast.ts';
import { AdapterFault } from '../fault.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastVariantsError, isDefaultVariants, parseFastVariants } from '../../reference/fast/variants.ts';
import { capabilitiesFor } from './capabilities.ts';
import { lazyFastResultCheck } from './fast-canonical-schema.ts';
import type { VendorSession } from './vendor-session.ts';

/**
 * FastDecoderAdapter over the vendor protocol: fast.loadTemplates / fast.reset / fast.decode
 * (bytes as lowercase hex). After a fault the session restarts the vendor and this wrapper
 * re-sends the last templates, so the next property starts from loaded, reset dictionaries.
 * Every decoded message is checked against the canonical form of the loaded templates
 * (fast-canonical-schema.ts): a value off that form is a ProtocolFault, not a comparison crash.
 */
export function createProcessFastDecoder(
  session: VendorSession,
  name: string,
  override?: Readonly<Record<string, boolean>>,
  variantsOverride?: FastVariants,
): FastDecoderAdapter {
  let templates: string | undefined;
  session.onRestart = async (p) => {
    if (templates !== undefined) await p.request('fast.loadTemplates', { xml: templates });
  };
  const variants = variantsOverride ?? readyVariants(session);
  return {
    name,
    component: 'fast',
    capabilities: capabilitiesFor<FastCapabilities>(ALL_FAST_CAPABILITIES, session.ready, 'fast', override),
    ...(isDefaultVariants(variants) ? {} : { variants }),
    async loadTemplates(xml: string): Promise<void> {
      templates = undefined;
      await session.request('fast.loadTemplates', { xml });
      templates = xml;
    },
    async reset(): Promise<void> {
      await session.request('fast.reset', {});
    },
    decode(bytes: Uint8Array, options: { readonly reset: FastResetPolicy }): Promise<StreamDecodeResult> {
      const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
      const check = templates === undefined ? undefined : lazyFastResultCheck(templates);
      return session.request<StreamDecodeResult>('fast.decode', { hex, reset: options.reset }, check);
    },
    close: () => session.close(),
  };
}

/**
 * The readings the vendor declares beside its capabilities (`components.fast.variants` in ready,
 * spec/fast/variants.md). A misspelt variant or reading is a broken `ready`: a start fault (as a
 * ready line off its schema), never silently the default reading.
 */
function readyVariants(session: VendorSession): FastVariants {
  try {
    return parseFastVariants((session.ready.components['fast'] as { variants?: unknown } | undefined)?.variants, 'ready: components.fast.variants');
  } catch (err) {
    if (!(err instanceof FastVariantsError)) throw err;
    throw new AdapterFault(`${[session.command.command, ...session.command.args].join(' ')}: ${err.message}`, undefined, session.observe().stderrTail, 'start');
  }
}

/** Many streams in one request (the batch op), for throughput runs such as corpus replays. */
export function decodeBatch(
  session: VendorSession,
  streams: readonly { readonly bytes: Uint8Array; readonly reset: FastResetPolicy }[],
): Promise<StreamDecodeResult[]> {
  const params = { streams: streams.map((s) => ({ hex: Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength).toString('hex'), reset: s.reset })) };
  return session.request<{ results: StreamDecodeResult[] }>('fast.decodeBatch', params).then((r) => r.results);
}
