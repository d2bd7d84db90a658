import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FastCapabilities } from '../../adapters/fast.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import { fastCase } from '../arbitraries/fast-case.ts';
import { firstDifference } from '../mismatch.ts';
import { encodeStream, templateSetOf } from './fast-codec.ts';
import { decodeWith } from './fast-check-helpers.ts';

/**
 * The reference codec's own round trip: decode(encode(messages)) gives the messages back. It
 * was `fast.codec.roundtrip` in the vendor catalog, but it never calls the subject, so it said
 * nothing about a vendor: it lives here, as a test of the reference.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

describe('FAST reference codec', () => {
  it('decode(encode(messages)) is the identity on generated streams', async () => {
    const oracle = createReferenceFastDecoder();
    const caps = oracle.capabilities as FastCapabilities;
    await fc.assert(
      fc.asyncProperty(fastCase(caps), async (c) => {
        const bytes = encodeStream(c.templates, c.stream);
        const r = await decodeWith('oracle', oracle, templateSetOf(c.templates).xml, bytes, c.stream.reset);
        expect(r.error, `the reference decoder rejects its encoder's output (seed ${SEED})`).toBeNull();
        expect(firstDifference(c.stream.messages, r.messages), `decode(encode(messages)) (seed ${SEED})`).toBeUndefined();
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
