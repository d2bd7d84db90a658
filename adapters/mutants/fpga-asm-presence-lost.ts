import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { printListing } from '../../reference/fpga/assembler.ts';
import type { Program } from '../../reference/fpga/isa.ts';
import type { Mutant } from './registry.ts';

/** Bug: the listing printer writes every field as mandatory (the presence column is lost). */
function printAllMandatory(p: Program): string {
  return printListing({ ...p, instrs: p.instrs.map((i) => (i.field ? { ...i, field: { ...i.field, optional: false } } : i)) });
}

export const fpgaAsmPresenceLost: Mutant<FpgaAdapter> = {
  name: 'fpga-asm-presence-lost',
  component: 'fpga',
  bug: 'the assembler prints every field as mandatory, so the reassembled program decodes optional fields wrongly',
  killedBy: ['fpga.assembler.roundtrip'],
  create: () => new FpgaModelAdapter('mutant:fpga-asm-presence-lost', { print: printAllMandatory }),
};
