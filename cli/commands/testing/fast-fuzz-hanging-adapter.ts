/** Test helper for fast-commands.test.ts: a FAST "decoder" that never answers (busy loop). */
import { ALL_FAST_CAPABILITIES, type FastDecoderAdapter } from '../../../adapters/fast.ts';

export function createAdapter(component: string): FastDecoderAdapter {
  if (component !== 'fast') throw new Error(`fixture implements fast, not ${component}`);
  return {
    name: 'hanging-fixture',
    component: 'fast',
    capabilities: ALL_FAST_CAPABILITIES,
    loadTemplates: () => {},
    reset: () => {},
    decode: () => {
      for (;;) {
        // spins until the fuzzer's deadline kills the process
      }
    },
  };
}
