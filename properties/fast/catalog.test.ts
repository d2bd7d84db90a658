import { describe, it, expect } from 'vitest';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { runCatalog } from '../runner.ts';
import { fastCatalog } from './catalog.ts';

describe('FAST catalog against the reference', () => {
  for (const p of fastCatalog) {
    it(`${p.id} passes (reference vs reference)`, async () => {
      const [r] = await runCatalog({ catalog: [p], subject: createReferenceFastDecoder(), oracle: createReferenceFastDecoder(), seed: 20261121, runs: 60 });
      expect(r?.message ?? '').toBe('');
      expect(r?.status).toBe('passed');
    });
  }
});

describe('FAST catalog verdicts', () => {
  const base = createReferenceFastDecoder();
  const throwing = { ...base, name: 'throws', decode: () => { throw new TypeError('boom'); } };
  const neverFails = { ...base, name: 'lenient', decode: (b: Uint8Array, o: { reset: 'none' | 'message' }) => ({ ...(base.decode(b, o) as unknown as StreamDecodeResult), error: null }) };

  it('fails (not crashes) on a subject that throws, and on one that never reports errors', async () => {
    const [t] = await runCatalog({ catalog: fastCatalog.filter((p) => p.id === 'fast.decode.equivalence'), subject: throwing, oracle: createReferenceFastDecoder(), seed: 3, runs: 20 });
    expect(t?.status).toBe('failed');
    expect(t?.message).toContain('threw');
    const [m] = await runCatalog({ catalog: fastCatalog.filter((p) => p.id === 'fast.decode.malformed'), subject: neverFails, oracle: createReferenceFastDecoder(), seed: 3, runs: 100 });
    expect(m?.status).toBe('failed');
  });
});
