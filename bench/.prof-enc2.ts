import { INCREMENTAL_REFRESH_XML, marketDataMessages } from './fast-decoder.bench.ts';
import { FastEncoder } from '../reference/fast/encoder.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
const messages = marketDataMessages(2000);
const enc = new FastEncoder(parseTemplates(INCREMENTAL_REFRESH_XML));
for (let k = 0; k < 6; k++) {
const t0 = performance.now();
for (let r = 0; r < 10; r++) { enc.reset(); for (const m of messages) enc.encodeMessage(m); }
console.log('enc', ((performance.now() - t0) / 20000 * 1000).toFixed(1));
}
