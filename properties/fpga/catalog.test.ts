import { describe, it, expect } from 'vitest';
import { runCatalog } from '../runner.ts';
import fc from 'fast-check';
import { fpgaCatalog, layoutArb, relayListing } from './catalog.ts';
import { fpgaInterpreterAdapter, fpgaJitAdapter } from '../../adapters/reference/fpga.ts';
import { fpgaToggleNoFlip } from '../../adapters/mutants/fpga-toggle-no-flip.ts';
import { fpgaJitSignDropped } from '../../adapters/mutants/fpga-jit-sign-dropped.ts';
import { fpgaReaderAcceptsTorn } from '../../adapters/mutants/fpga-reader-accepts-torn.ts';
import { fpgaTemplateDictNotReset } from '../../adapters/mutants/fpga-template-dict-not-reset.ts';
import { fpgaNestedPmapOrder } from '../../adapters/mutants/fpga-nested-pmap-order.ts';
import { fpgaAsmPresenceLost } from '../../adapters/mutants/fpga-asm-presence-lost.ts';
import { fpgaAsmEchoesInput } from '../../adapters/mutants/fpga-asm-echoes-input.ts';
import { fpgaRingStaleIdsAfterWrap } from '../../adapters/mutants/fpga-ring-stale-ids-after-wrap.ts';
import { parseListing, printListing } from '../../reference/fpga/assembler.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { fastCase } from '../arbitraries/fast-case.ts';
import { templateSetOf } from '../fast/fast-codec.ts';
import { FPGA_CAPABILITIES } from '../../adapters/reference/fpga.ts';

describe('fpga catalog', () => {
  it('passes for the interpreter and the JIT', async () => {
    for (const subject of [fpgaInterpreterAdapter(), fpgaJitAdapter()]) {
      const results = await runCatalog({ catalog: fpgaCatalog, subject, oracle: fpgaInterpreterAdapter(), seed: 42, runs: 60 });
      for (const r of results) expect(r.status, `${subject.name} ${r.id}: ${r.message ?? ''}`).toBe('passed');
    }
  });

  for (const mutant of [fpgaToggleNoFlip, fpgaReaderAcceptsTorn, fpgaTemplateDictNotReset, fpgaNestedPmapOrder, fpgaAsmPresenceLost, fpgaJitSignDropped, fpgaAsmEchoesInput, fpgaRingStaleIdsAfterWrap]) {
    it(`kills ${mutant.name} with its named property, for several seeds`, async () => {
      const id = mutant.killedBy![0]!;
      for (const seed of [1, 2, 3, 77]) {
        const [r] = await runCatalog({ catalog: fpgaCatalog, subject: await mutant.create(), oracle: fpgaInterpreterAdapter(), seed, propertyIds: [id] });
        expect(r?.status, `seed ${seed}`).toBe('failed');
      }
    });
  }

  it('relays a listing into another text of the same program, never the canonical one', () => {
    const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
    fc.assert(
      fc.property(fastCase(FPGA_CAPABILITIES), layoutArb, (c, l) => {
        const listing = printListing(compile(parseTemplates(templateSetOf(c.templates).xml)).program);
        const relaid = relayListing(listing, l);
        expect(relaid).not.toBe(listing);
        expect(printListing(parseListing(relaid))).toBe(listing);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
