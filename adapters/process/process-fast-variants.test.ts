import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import type { FastDecoderAdapter } from '../fast.ts';
import { decodeEquivalence } from '../../properties/fast/catalog.ts';
import { Mismatch } from '../../properties/mismatch.ts';
import { createProcessFastDecoder } from './process-fast.ts';
import { VendorSession } from './vendor-session.ts';

/**
 * A declared variant over the protocol (spec/fast/variants.md): the Python example switched to
 * the tailNull 'unchanged' reading declares it in `ready`; the process adapter exposes it, and the
 * catalog judges the vendor by it. The same vendor with its declaration dropped fails.
 */
const EXAMPLE = fileURLToPath(new URL('../examples/python/fast_decoder.py', import.meta.url));
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

let vendor: FastDecoderAdapter;

beforeAll(async () => {
  const session = await VendorSession.open({ command: 'python3', args: [EXAMPLE], env: { FAIRWIRE_EXAMPLE_TAIL_NULL: 'unchanged' } });
  vendor = createProcessFastDecoder(session, 'python-example-tail-unchanged');
});
afterAll(() => vendor.close?.());

async function equivalence(subject: FastDecoderAdapter) {
  return fc.check(
    fc.asyncProperty(decodeEquivalence.arbitrary(subject.capabilities), async (input) => {
      await decodeEquivalence.check(subject, createReferenceFastDecoder(), input);
    }),
    { numRuns: 150, seed: SEED, endOnFailure: true },
  );
}

describe('declared FAST variants over the protocol', () => {
  it('the vendor declares its reading in ready, the adapter exposes it', () => {
    expect(vendor.variants).toEqual({ tailNull: 'unchanged', staticTemplateRefDictionary: 'referred' });
  });

  it('judged by its declared reading, it passes; judged by the default one, it fails', async () => {
    const declared = await equivalence(vendor);
    expect(declared.failed, `seed ${SEED}: ${String(declared.errorInstance)}`).toBe(false);
    const { variants: _dropped, ...undeclared } = vendor;
    const r = await equivalence(undeclared as FastDecoderAdapter);
    expect(r.failed, `seed ${SEED}`).toBe(true);
    expect(r.errorInstance).toBeInstanceOf(Mismatch);
  });
});
