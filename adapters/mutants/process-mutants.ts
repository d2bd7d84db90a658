import { fileURLToPath } from 'node:url';
import type { FastDecoderAdapter } from '../fast.ts';
import { loadProcessAdapter } from '../process/load.ts';
import type { VendorOptions } from '../process/vendor-process.ts';
import type { SequencerAdapter } from '../sequencer.ts';
import type { Mutant } from './registry.ts';

/**
 * Out-of-process mutants: the Python example vendors (adapters/examples/python/) with one bug
 * each, patched in by a small script in adapters/mutants/process/. Two are wrong answers (killed
 * by a failed property); three break the protocol (killed as an adapter fault): a crash, a hang
 * and garbage on stdout.
 */
function script(name: string): string {
  return fileURLToPath(new URL(`./process/${name}`, import.meta.url));
}

function python(name: string, component: string, options: VendorOptions = {}) {
  return loadProcessAdapter({ name: `mutant:${name}`, command: 'python3', args: [script(name)] }, component, options);
}

export const FAST_PROCESS_MUTANTS: readonly Mutant<FastDecoderAdapter>[] = [
  {
    name: 'process-fast-nullable-not-decremented',
    component: 'fast',
    bug: 'Python vendor: nullable unsigned integers are not decremented (NULL-able 5 decodes as 6)',
    killedBy: ['fast.decode.equivalence'],
    create: () => python('fast_nullable_not_decremented.py', 'fast') as Promise<FastDecoderAdapter>,
  },
  {
    name: 'process-fast-crash-on-150',
    component: 'fast',
    bug: 'Python vendor: the process dies at its 150th request (adapter fault, with the stderr tail)',
    killedBy: ['fast.decode.equivalence', 'fast.decode.overlong'],
    create: () => python('fast_crash_on_150.py', 'fast') as Promise<FastDecoderAdapter>,
  },
  {
    name: 'process-fast-hang-on-200',
    component: 'fast',
    bug: 'Python vendor: stops answering at its 200th request (adapter fault by timeout)',
    killedBy: ['fast.decode.equivalence'],
    create: () => python('fast_hang_on_200.py', 'fast', { timeoutMs: 1500 }) as Promise<FastDecoderAdapter>,
  },
  {
    name: 'process-fast-garbage-on-300',
    component: 'fast',
    bug: 'Python vendor: a debug line on stdout at its 300th request (adapter fault: not JSON)',
    killedBy: ['fast.decode.equivalence', 'fast.decode.overlong'],
    create: () => python('fast_garbage_on_300.py', 'fast') as Promise<FastDecoderAdapter>,
  },
];

export const SEQUENCER_PROCESS_MUTANTS: readonly Mutant<SequencerAdapter>[] = [
  {
    name: 'process-sequencer-tie-by-arrival',
    component: 'sequencer',
    bug: 'Python vendor: equal timestamps leave in arrival order instead of by participant id',
    killedBy: ['sequencer.safety.sorted-exactly-once'],
    create: () => python('sequencer_tie_by_arrival.py', 'sequencer') as Promise<SequencerAdapter>,
  },
];

export const PROCESS_MUTANTS: readonly Mutant[] = [...FAST_PROCESS_MUTANTS, ...SEQUENCER_PROCESS_MUTANTS];
