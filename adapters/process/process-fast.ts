import { ALL_FAST_CAPABILITIES, type FastCapabilities, type FastDecoderAdapter, type FastResetPolicy, type FastVariants } from '../fast.ts';
import { AdapterFault } from '../fault.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastVariantsError, isDefaultVariants, parseFastVariants } from '../../reference/fast/variants.ts';
import { capabilitiesFor } from './capabilities.ts';
import { lazyFastResultCheck } from './fast-canonical-schema.ts';
import { VendorError } from './vendor-process.ts';
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
): FastDecoderAdapter & FastBatchDecoder {
  let templates: string | undefined;
  session.onRestart = async (p) => {
    if (templates !== undefined) await p.request('fast.loadTemplates', { xml: templates });
  };
  const variants = variantsOverride ?? readyVariants(session);
  let batchUnsupported = false;
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
    async decodeFrames(frames: readonly FastFrameBatch[], reset: FastResetPolicy): Promise<StreamDecodeResult[]> {
      if (!batchUnsupported) {
        try {
          return await decodeBatch(session, frames.map((f) => ({ bytes: f.bytes, reset, resetBefore: f.resetBefore })), templates);
        } catch (err) {
          if (!(err instanceof VendorError && err.code === 'unsupported-op')) throw err;
          batchUnsupported = true;
        }
      }
      // A vendor without the batch op: the same frames as consecutive requests, pipelined.
      const check = templates === undefined ? undefined : lazyFastResultCheck(templates);
      const calls: Promise<unknown>[] = [];
      const decodes: number[] = [];
      for (const f of frames) {
        if (f.resetBefore) calls.push(session.request('fast.reset', {}));
        decodes.push(calls.push(session.request<StreamDecodeResult>('fast.decode', { hex: hexOf(f.bytes), reset }, check)) - 1);
      }
      const done = await Promise.all(calls);
      return decodes.map((i) => done[i] as StreamDecodeResult);
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

/**
 * Frames of one capture decoded in order on the same dictionaries (`fairwire compare`): the batch
 * op carries many frames a round trip. `resetBefore` resets every dictionary before that frame
 * (a dictionary reset point: a new datagram under `--reset packet`, a resynchronisation after a
 * divergence); `reset: 'message'` resets before each message as `fast.decode` does.
 */
export interface FastFrameBatch {
  readonly bytes: Uint8Array;
  readonly resetBefore: boolean;
}

export interface FastBatchDecoder {
  decodeFrames(frames: readonly FastFrameBatch[], reset: FastResetPolicy): Promise<StreamDecodeResult[]>;
}

/** The adapter's batch op, when it has one (process vendors); in-process adapters decode frame by frame. */
export function batchDecoderOf(adapter: FastDecoderAdapter): FastBatchDecoder | undefined {
  const b = (adapter as Partial<FastBatchDecoder>).decodeFrames;
  return typeof b === 'function' ? (adapter as unknown as FastBatchDecoder) : undefined;
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Many streams in one request (the batch op), for throughput runs such as corpus replays. */
export function decodeBatch(
  session: VendorSession,
  streams: readonly { readonly bytes: Uint8Array; readonly reset: FastResetPolicy; readonly resetBefore?: boolean }[],
  templates?: string,
): Promise<StreamDecodeResult[]> {
  const params = {
    streams: streams.map((s) => ({
      hex: hexOf(s.bytes),
      reset: s.reset,
      ...(s.resetBefore ? { resetBefore: true } : {}),
    })),
  };
  // Each result is typed by the loaded templates, as a single fast.decode reply is.
  const one = templates === undefined ? undefined : lazyFastResultCheck(templates);
  const check = one
    ? (r: unknown) => {
        const results = (r as { results?: unknown }).results;
        if (!Array.isArray(results)) return [];
        return results.flatMap((x, i) => one(x).map((v) => ({ ...v, path: `$.results[${i}]${v.path.slice(1)}` })));
      }
    : undefined;
  return session.request<{ results: StreamDecodeResult[] }>('fast.decodeBatch', params, check).then((r) => {
    if (r.results.length !== streams.length) {
      throw new AdapterFault(`fast.decodeBatch: ${streams.length} streams sent, ${r.results.length} results returned`, { op: 'fast.decodeBatch', streams: streams.length }, session.observe().stderrTail, 'protocol');
    }
    return r.results;
  });
}
