import type { FastDecoderAdapter } from '../fast.ts';
import { createFastDecoderAdapter } from '../reference/fast.ts';
import type { Mutant } from './registry.ts';

/**
 * All-or-nothing decoding: when a stream ends in an error, the messages decoded before it are
 * dropped too. The contract keeps that prefix (a feed handler must not lose good messages
 * because a later one is bad). Valid streams are unaffected, so only damaged streams find it.
 */
export const fastPrefixDroppedOnError: Mutant<FastDecoderAdapter> = {
  name: 'fast-prefix-dropped-on-error',
  component: 'fast',
  bug: 'on a stream that ends in an error, the messages decoded before the error are dropped as well',
  killedBy: ['fast.decode.malformed'],
  create: () => {
    const inner = createFastDecoderAdapter({ name: 'mutant:fast-prefix-dropped-on-error' });
    return {
      ...inner,
      async decode(bytes, options) {
        const r = await inner.decode(bytes, options);
        return r.error ? { ...r, messages: [] } : r;
      },
    };
  },
};
