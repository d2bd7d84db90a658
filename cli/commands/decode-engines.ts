/**
 * The decoders `fairwire decode --engine` can pick, all registered here, so that `decode` and its
 * --help see every one of them whichever command modules were loaded (the command table loads only
 * the command that runs). Other modules may still add engines with registerDecodeEngine.
 */
import type { FastDecoderAdapter } from '../../adapters/fast.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import { fastAdapterOverFpga, fastAdapterOverJit, fastAdapterOverWasm } from '../../adapters/reference/fpga.ts';

export type DecodeEngine = (opts: { strict: boolean }) => FastDecoderAdapter | Promise<FastDecoderAdapter>;

const engines = new Map<string, DecodeEngine>([
  ['reference', (o) => createReferenceFastDecoder(o)],
  // The FPGA model behind the FAST decoder contract: microcode interpreter, JIT, WebAssembly.
  ['fpga', (o) => fastAdapterOverFpga(o)],
  ['jit', (o) => fastAdapterOverJit(o)],
  ['wasm', (o) => fastAdapterOverWasm(o)],
]);

export function registerDecodeEngine(name: string, make: DecodeEngine): void {
  engines.set(name, make);
}

export function decodeEngine(name: string): DecodeEngine | undefined {
  return engines.get(name);
}

export function decodeEngineNames(): string[] {
  return [...engines.keys()];
}
