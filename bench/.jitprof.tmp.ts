import { INCREMENTAL_REFRESH_XML, marketDataStream } from './fast-decoder.bench.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
import { compile } from '../reference/fpga/compiler.ts';
import { DmaRing, DmaWriter } from '../reference/fpga/dma-ring.ts';
import { JitEngine } from '../reference/fpga/jit.ts';
import { MicrocodeEngine } from '../reference/fpga/engine.ts';
const which = process.argv[2] ?? 'jit';
const md = marketDataStream(2000);
const e = which === 'jit' ? new JitEngine(compile(parseTemplates(INCREMENTAL_REFRESH_XML)).program) : new MicrocodeEngine(compile(parseTemplates(INCREMENTAL_REFRESH_XML)).program);
const w = new DmaWriter(new DmaRing(4096));
const reps = which === 'jit' ? 150 : 30;
for (let i = 0; i < 10; i++) { e.reset(); e.run(md.bytes, w, { reset: 'none' }); }
const c0 = process.cpuUsage(); const t0 = performance.now();
for (let i = 0; i < reps; i++) { e.reset(); e.run(md.bytes, w, { reset: 'none' }); }
const c = process.cpuUsage(c0); const t = performance.now() - t0;
const n = reps * md.offsets.length;
console.log(which, 'cpu msgs/s', Math.round(n / ((c.user + c.system) / 1e6)), 'wall msgs/s', Math.round(n / (t / 1e3)));
