import { describe, it, expect } from 'vitest';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
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
