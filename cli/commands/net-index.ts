export { netSynthCommand } from './net-synth.ts';
export { netInspectCommand } from './net-inspect.ts';
