import { describe, it, expect } from 'vitest';
import { runCatalog } from '../runner.ts';
import { fpgaCatalog } from './catalog.ts';
import { fpgaInterpreterAdapter, fpgaWasmAdapter } from '../../adapters/reference/fpga.ts';
import { fpgaWasmRingOverwrite } from '../../adapters/mutants/fpga-wasm-ring-overwrite.ts';

const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261208);

describe('fpga.wasm.equivalence', () => {
  it('passes for the wasm engine, with the rest of the fpga catalog', async () => {
    const results = await runCatalog({ catalog: fpgaCatalog, subject: fpgaWasmAdapter(), oracle: fpgaInterpreterAdapter(), seed: SEED, runs: 40 });
    expect(results.map((r) => r.id)).toContain('fpga.wasm.equivalence');
    for (const r of results) expect(r.status, `${r.id}: ${r.message ?? ''}`).toBe('passed');
  });

  it('kills the planted code-generation mutant, for several seeds; the generated streams of the other equivalences do not', { timeout: 300_000 }, async () => {
    for (const seed of [1, 2, 3, 77]) {
      // One finding (as the kill matrix asks): shrinking a 64 KiB stream for every distinct signature is slow.
      const [r] = await runCatalog({ catalog: fpgaCatalog, subject: await fpgaWasmRingOverwrite.create(), oracle: fpgaInterpreterAdapter(), seed, propertyIds: ['fpga.wasm.equivalence'], maxFindings: 1 });
      expect(r?.status, `seed ${seed}`).toBe('failed');
    }
    const others = await runCatalog({ catalog: fpgaCatalog, subject: await fpgaWasmRingOverwrite.create(), oracle: fpgaInterpreterAdapter(), seed: SEED, propertyIds: ['fpga.jit.equivalence', 'fpga.decode.equivalence'], runs: 40 });
    for (const r of others) expect(r.status, r.id).toBe('passed');
  });
});
