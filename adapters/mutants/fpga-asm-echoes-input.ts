import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import type { Mutant } from './registry.ts';

/**
 * Bug: `assemble` returns the listing it was given, unparsed, instead of the canonical print of
 * the parsed program (spec/protocol fpga.assemble). On an already canonical listing — its own —
 * that is indistinguishable from a correct assembler; comments, extra whitespace or `@index`
 * targets show it. `listing` is the reference's.
 */
class EchoAssembler extends FpgaModelAdapter {
  override assemble(listing: string): string {
    return listing;
  }
}

export const fpgaAsmEchoesInput: Mutant<FpgaAdapter> = {
  name: 'fpga-asm-echoes-input',
  component: 'fpga',
  bug: 'the assembler returns its input listing unparsed instead of its canonical print',
  killedBy: ['fpga.assembler.roundtrip'],
  create: () => new EchoAssembler('mutant:fpga-asm-echoes-input'),
};
