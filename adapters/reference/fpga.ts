import type { FastDecoderAdapter } from '../fast.ts';
import { ALL_FAST_CAPABILITIES } from '../fast.ts';
import type { FpgaAdapter, FpgaCapabilities, FpgaDecodeOutput, RingParts } from '../fpga.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { parseListing, printListing } from '../../reference/fpga/assembler.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import type { Program } from '../../reference/fpga/isa.ts';
import { DmaRing, DmaWriter, RingReader } from '../../reference/fpga/dma-ring.ts';
import { FpgaFeed, interpreterFactory, jitFactory, type EngineFactory, type FeedOptions } from '../../reference/fpga/fpga-decoder.ts';
import { wasmFactory } from '../../reference/fpga/wasm/wasm-engine.ts';

/**
 * In-process adapters over the FPGA model: the microcode interpreter (the oracle of the fast
 * path) and the JIT. `parts` lets a mutant swap one component (engine, writer, reader).
 */
export const FPGA_CAPABILITIES: FpgaCapabilities = { ...ALL_FAST_CAPABILITIES, records: true, ringModel: true, assembler: true };

export interface FpgaParts {
  readonly engine?: EngineFactory;
  readonly writer?: (ring: DmaRing) => DmaWriter;
  readonly reader?: (ring: DmaRing) => RingReader;
  readonly print?: (program: Program) => string;
  /** Engine options (strict mode, FIFO depth, ring size). */
  readonly options?: FeedOptions;
}

export class FpgaModelAdapter implements FpgaAdapter {
  readonly component = 'fpga' as const;
  readonly capabilities = FPGA_CAPABILITIES;
  private feed: FpgaFeed | undefined;

  constructor(
    readonly name: string,
    private readonly parts: FpgaParts = {},
  ) {}

  loadTemplates(xml: string): void {
    const p = this.parts;
    this.feed = new FpgaFeed(parseTemplates(xml), { ...p.options, keepRecords: true }, p.engine ?? interpreterFactory, {
      ...(p.writer ? { writer: p.writer } : {}),
      ...(p.reader ? { reader: p.reader } : {}),
    });
  }

  reset(): void {
    this.feed?.reset();
  }

  decode(bytes: Uint8Array, options: { readonly reset: 'none' | 'message' }): FpgaDecodeOutput {
    if (this.feed === undefined) throw new Error(`${this.name}: decode before loadTemplates`);
    const out = this.feed.decode(bytes, options.reset);
    return { result: out.result, records: out.records };
  }

  listing(xml: string): string {
    return (this.parts.print ?? printListing)(compile(parseTemplates(xml)).program);
  }

  assemble(listing: string): string {
    return (this.parts.print ?? printListing)(parseListing(listing));
  }

  ringParts(capacity: number): RingParts {
    const ring = new DmaRing(capacity);
    return { ring, writer: this.parts.writer?.(ring) ?? new DmaWriter(ring), reader: this.parts.reader?.(ring) ?? new RingReader(ring) };
  }
}

export function fpgaInterpreterAdapter(): FpgaModelAdapter {
  return new FpgaModelAdapter('fpga:interpreter');
}

export function fpgaJitAdapter(): FpgaModelAdapter {
  return new FpgaModelAdapter('fpga:jit', { engine: jitFactory });
}

/** The WebAssembly back end (reference/fpga/wasm): `--adapter wasm`. */
export function fpgaWasmAdapter(): FpgaModelAdapter {
  return new FpgaModelAdapter('fpga:wasm', { engine: wasmFactory });
}

/** The FPGA model as a FAST decoder (adapters/fast.ts), for `conform --component fast --adapter fpga|jit|wasm`. */
export class FpgaAsFastDecoder implements FastDecoderAdapter {
  readonly component = 'fast' as const;
  readonly capabilities = ALL_FAST_CAPABILITIES;
  constructor(
    readonly name: string,
    private readonly inner: FpgaModelAdapter,
  ) {}
  loadTemplates(xml: string): void {
    this.inner.loadTemplates(xml);
  }
  reset(): void {
    this.inner.reset();
  }
  decode(bytes: Uint8Array, options: { readonly reset: 'none' | 'message' }): StreamDecodeResult {
    return this.inner.decode(bytes, options).result;
  }
}

export function fastAdapterOverFpga(options: { strict?: boolean } = {}): FastDecoderAdapter {
  return new FpgaAsFastDecoder('fpga', new FpgaModelAdapter('fpga:interpreter', { options: { strict: options.strict ?? false } }));
}

export function fastAdapterOverJit(options: { strict?: boolean } = {}): FastDecoderAdapter {
  return new FpgaAsFastDecoder('jit', new FpgaModelAdapter('fpga:jit', { engine: jitFactory, options: { strict: options.strict ?? false } }));
}

export function fastAdapterOverWasm(options: { strict?: boolean } = {}): FastDecoderAdapter {
  return new FpgaAsFastDecoder('wasm', new FpgaModelAdapter('fpga:wasm', { engine: wasmFactory, options: { strict: options.strict ?? false } }));
}
