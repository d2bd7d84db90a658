import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { JitEngine } from '../../reference/fpga/jit.ts';
import type { Mutant } from './registry.ts';

/**
 * Bug: the JIT's four-byte read decodes a two-byte signed integer without its sign, so -8192..-65
 * read as 8192..16319 (the interpreter, which reads a byte at a time, gets them right).
 */
const dropSign = (src: string): string => src.split(' if ((w & 64) !== 0) v -= 16384;').join('');

export const fpgaJitSignDropped: Mutant<FpgaAdapter> = {
  name: 'fpga-jit-sign-dropped',
  component: 'fpga',
  bug: 'the JIT fast path drops the sign of two-byte signed integers (the interpreter does not)',
  killedBy: ['fpga.jit.equivalence', 'fpga.decode.equivalence'],
  create: () => new FpgaModelAdapter('mutant:fpga-jit-sign-dropped', { engine: (c, o) => new JitEngine(c.program, { ...o, rewrite: dropSign }) }),
};
