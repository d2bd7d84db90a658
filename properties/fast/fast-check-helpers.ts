import { AdapterFault } from '../../adapters/fault.ts';
import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { assertSameCanonical, Mismatch } from '../mismatch.ts';

/**
 * Loads templates into a decoder, resets it and decodes one stream. Anything an in-process
 * subject throws (other than an AdapterFault, which the runner reports as a fault) is a failure:
 * a decoder answers bad input with an error result, never an exception.
 */
export async function decodeWith(
  who: 'subject' | 'oracle',
  adapter: FastDecoderAdapter,
  xml: string,
  bytes: Uint8Array,
  reset: FastResetPolicy,
): Promise<StreamDecodeResult> {
  try {
    await adapter.loadTemplates(xml);
    await adapter.reset();
    return await adapter.decode(bytes, { reset });
  } catch (err) {
    if (err instanceof AdapterFault) throw err;
    if (who === 'oracle') throw err;
    throw new Mismatch(`the subject threw instead of returning a result: ${(err as Error)?.message ?? String(err)}`, undefined, String((err as Error)?.stack ?? err));
  }
}

/**
 * Subject vs oracle on one stream: the same decoded messages (the prefix before any error),
 * the same verdict (error or not) and the same error class. Exact codes and offsets are not
 * compared: implementations legitimately disagree on them (fast-1.1 notes, item 11).
 */
export function assertSameDecode(expected: StreamDecodeResult, actual: StreamDecodeResult): void {
  assertSameCanonical('decoded messages', expected.messages, actual.messages);
  const e = expected.error;
  const a = actual.error;
  if ((e === null) !== (a === null)) {
    throw new Mismatch(e === null ? 'the subject reports an error where the reference decodes the stream' : 'the subject decodes a stream the reference rejects', e, a);
  }
  if (e && a && e.class !== a.class) {
    throw new Mismatch(`error class differs: expected ${e.class} (${e.code}), got ${a.class} (${a.code})`, e, a);
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
