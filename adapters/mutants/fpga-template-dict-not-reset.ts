import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { MicrocodeEngine } from '../../reference/fpga/engine.ts';
import type { Mutant } from './registry.ts';

/** Bug: a reset leaves the template-scoped dictionary entries as they were. */
class KeepsTemplateDict extends MicrocodeEngine {
  override reset(): void {
    this.dict.reset((slot) => this.program.slots[slot]?.scope === 'template');
  }
  protected override onResetPerMessage(): void {
    this.reset();
  }
}

export const fpgaTemplateDictNotReset: Mutant<FpgaAdapter> = {
  name: 'fpga-template-dict-not-reset',
  component: 'fpga',
  bug: 'the engine forgets to reset the template-scoped dictionary',
  killedBy: ['fpga.dict.reset'],
  create: () => new FpgaModelAdapter('mutant:fpga-template-dict-not-reset', { engine: (c, o) => new KeepsTemplateDict(c.program, o) }),
};
