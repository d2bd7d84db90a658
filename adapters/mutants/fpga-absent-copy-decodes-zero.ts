import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { MicrocodeEngine, type Value } from '../../reference/fpga/engine.ts';
import type { FieldOp, Instr, VType } from '../../reference/fpga/isa.ts';
import type { Tag } from '../../reference/fpga/dictionary-file.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { Mutant } from './registry.ts';

/** The value a lenient decoder substitutes for "nothing": zero, 0e0, or no bytes. */
function zeroOf(tag: Tag): Value {
  if (tag === 'dec') return { e: 0, m: 0n };
  if (tag === 'ascii' || tag === 'uni' || tag === 'bytes') return new Uint8Array(0);
  return 0n;
}

/**
 * Bug: a mandatory copy / increment / tail field that is absent while its dictionary entry is
 * undefined (no previous value, no initial value) decodes as zero instead of raising D5. Valid
 * encoder output never needs it, so only a stream that omits the field right after a reset —
 * fpga.dict.reset's — shows it.
 */
class AbsentCopyDecodesZero extends MicrocodeEngine {
  protected override scalar(tag: Tag, op: FieldOp, type: VType, optional: boolean, ins: Instr, start: number): Value | null {
    try {
      return super.scalar(tag, op, type, optional, ins, start);
    } catch (err) {
      if (!(err instanceof FastError) || err.code !== 'D5' || ins.slot === undefined) throw err;
      const v = zeroOf(tag);
      this.dict.set(ins.slot, tag, v);
      return v;
    }
  }
}

export const fpgaAbsentCopyDecodesZero: Mutant<FpgaAdapter> = {
  name: 'fpga-absent-copy-decodes-zero',
  component: 'fpga',
  bug: 'a mandatory copy field absent with no previous and no initial value decodes as zero instead of raising D5',
  killedBy: ['fpga.dict.reset'],
  create: () => new FpgaModelAdapter('mutant:fpga-absent-copy-decodes-zero', { engine: (c, o) => new AbsentCopyDecodesZero(c.program, o) }),
};
