import { describe, it, expect } from 'vitest';
import { runCatalog } from '../runner.ts';
import { fpgaCatalog } from './catalog.ts';
import { fpgaInterpreterAdapter, fpgaJitAdapter } from '../../adapters/reference/fpga.ts';
import { fpgaToggleNoFlip } from '../../adapters/mutants/fpga-toggle-no-flip.ts';
import { fpgaJitSignDropped } from '../../adapters/mutants/fpga-jit-sign-dropped.ts';
import { fpgaReaderAcceptsTorn } from '../../adapters/mutants/fpga-reader-accepts-torn.ts';
import { fpgaTemplateDictNotReset } from '../../adapters/mutants/fpga-template-dict-not-reset.ts';
import { fpgaNestedPmapOrder } from '../../adapters/mutants/fpga-nested-pmap-order.ts';
import { fpgaAsmPresenceLost } from '../../adapters/mutants/fpga-asm-presence-lost.ts';

describe('fpga catalog', () => {
  it('passes for the interpreter and the JIT', async () => {
    for (const subject of [fpgaInterpreterAdapter(), fpgaJitAdapter()]) {
      const results = await runCatalog({ catalog: fpgaCatalog, subject, oracle: fpgaInterpreterAdapter(), seed: 42, runs: 60 });
      for (const r of results) expect(r.status, `${subject.name} ${r.id}: ${r.message ?? ''}`).toBe('passed');
    }
  });

  for (const mutant of [fpgaToggleNoFlip, fpgaReaderAcceptsTorn, fpgaTemplateDictNotReset, fpgaNestedPmapOrder, fpgaAsmPresenceLost, fpgaJitSignDropped]) {
    it(`kills ${mutant.name} with its named property, for several seeds`, async () => {
      const id = mutant.killedBy![0]!;
      for (const seed of [1, 2, 3, 77]) {
        const [r] = await runCatalog({ catalog: fpgaCatalog, subject: await mutant.create(), oracle: fpgaInterpreterAdapter(), seed, propertyIds: [id] });
        expect(r?.status, `seed ${seed}`).toBe('failed');
      }
    });
  }
});
