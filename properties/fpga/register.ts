import { registerComponent } from '../components.ts';
import type { FpgaAdapter } from '../../adapters/fpga.ts';
import { fastAdapterOverFpga, fastAdapterOverJit, fastAdapterOverWasm, fpgaInterpreterAdapter, fpgaJitAdapter, fpgaWasmAdapter } from '../../adapters/reference/fpga.ts';
import { registerNamedAdapter } from '../subject.ts';
import { fpgaToggleNoFlip } from '../../adapters/mutants/fpga-toggle-no-flip.ts';
import { fpgaJitSignDropped } from '../../adapters/mutants/fpga-jit-sign-dropped.ts';
import { fpgaReaderAcceptsTorn } from '../../adapters/mutants/fpga-reader-accepts-torn.ts';
import { fpgaTemplateDictNotReset } from '../../adapters/mutants/fpga-template-dict-not-reset.ts';
import { fpgaNestedPmapOrder } from '../../adapters/mutants/fpga-nested-pmap-order.ts';
import { fpgaAsmPresenceLost } from '../../adapters/mutants/fpga-asm-presence-lost.ts';
import { fpgaAbsentCopyDecodesZero } from '../../adapters/mutants/fpga-absent-copy-decodes-zero.ts';
import { fpgaAsmEchoesInput } from '../../adapters/mutants/fpga-asm-echoes-input.ts';
import { fpgaRingStaleIdsAfterWrap } from '../../adapters/mutants/fpga-ring-stale-ids-after-wrap.ts';
import { fpgaWasmRingOverwrite } from '../../adapters/mutants/fpga-wasm-ring-overwrite.ts';
import { fpgaCatalog } from './catalog.ts';

registerComponent<FpgaAdapter>({
  component: 'fpga',
  title: 'FPGA FAST decoder model (microcode engine, JIT, DMA ring)',
  catalog: fpgaCatalog,
  reference: () => fpgaInterpreterAdapter(),
  mutants: [fpgaToggleNoFlip, fpgaReaderAcceptsTorn, fpgaTemplateDictNotReset, fpgaNestedPmapOrder, fpgaAsmPresenceLost, fpgaJitSignDropped, fpgaAbsentCopyDecodesZero, fpgaAsmEchoesInput, fpgaRingStaleIdsAfterWrap, fpgaWasmRingOverwrite],
});

// `--adapter fpga|jit`: the model as an FPGA adapter, or as a FAST decoder for the fast catalog.
registerNamedAdapter('fpga', (component) => (component === 'fpga' ? fpgaInterpreterAdapter() : component === 'fast' ? fastAdapterOverFpga() : undefined));
registerNamedAdapter('jit', (component) => (component === 'fpga' ? fpgaJitAdapter() : component === 'fast' ? fastAdapterOverJit() : undefined));
// `--adapter wasm`: the WebAssembly back end (reference/fpga/wasm), likewise for both catalogs.
registerNamedAdapter('wasm', (component) => (component === 'fpga' ? fpgaWasmAdapter() : component === 'fast' ? fastAdapterOverWasm() : undefined));
