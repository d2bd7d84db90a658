import type { FpgaAdapter } from '../fpga.ts';
import { FpgaModelAdapter } from '../reference/fpga.ts';
import { WasmEngine } from '../../reference/fpga/wasm/wasm-engine.ts';
import { op } from '../../reference/wasm/wasm-asm.ts';
import type { Mutant } from './registry.ts';

const RING = 1024;

/**
 * Bug (code generation): the wasm engine's generated `open` / `spill` test for a full ring one record too
 * late (`seq - drained >= capacity + 1`), so the record after a full ring overwrites the oldest
 * record the host has not taken yet. Streams of fewer records than the module's ring (every
 * generated stream of the other properties) decode correctly; a long run does not.
 */
function fullRingOffByOne(where: { readonly fn: string }, code: number[]): number[] {
  if (where.fn !== 'open' && where.fn !== 'spill') return code;
  const test = [...op.i32(RING), ...op.i32geU];
  const at = code.findIndex((_, i) => test.every((b, k) => code[i + k] === b));
  if (at < 0) throw new Error(`fpga-wasm-ring-overwrite: the full-ring test was not found in ${where.fn}()`);
  return [...code.slice(0, at), ...op.i32(RING + 1), ...op.i32geU, ...code.slice(at + test.length)];
}

export const fpgaWasmRingOverwrite: Mutant<FpgaAdapter> = {
  name: 'fpga-wasm-ring-overwrite',
  component: 'fpga',
  bug: 'the wasm code generator tests for a full ring one record late, so long runs overwrite a record before the host reads it',
  killedBy: ['fpga.wasm.equivalence'],
  create: () => new FpgaModelAdapter('mutant:fpga-wasm-ring-overwrite', { engine: (c, o) => new WasmEngine(c.program, { ...o, ringCapacity: RING, rewrite: fullRingOffByOne }) }),
};
