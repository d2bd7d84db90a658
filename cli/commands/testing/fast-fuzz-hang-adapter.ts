import { createReferenceFastDecoder } from '../../../adapters/reference/fast.ts';
import type { FastDecoderAdapter } from '../../../adapters/fast.ts';

/**
 * Test subject for the fuzzer's pipelined host: the reference decoder, except that a stream
 * starting with byte 0xEE spins forever in process (only killing the host ends it).
 */
export function createAdapter(): FastDecoderAdapter {
  const ref = createReferenceFastDecoder();
  return {
    ...ref,
    name: 'hang-on-0xEE',
    decode(bytes, options) {
      if (bytes[0] === 0xee) for (;;);
      return ref.decode(bytes, options);
    },
  };
}
