import { INCREMENTAL_REFRESH_XML, marketDataMessages, marketDataStream } from './fast-decoder.bench.ts';
import { FastEncoder } from '../reference/fast/encoder.ts';
import { FastDecoder } from '../reference/fast/decoder.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
const messages = marketDataMessages(2000);
const set = parseTemplates(INCREMENTAL_REFRESH_XML);
const enc = new FastEncoder(set);
const dec = new FastDecoder(set);
const { bytes, offsets } = marketDataStream(2000);
for (let k = 0; k < 5; k++) {
let t0 = performance.now();
for (let r = 0; r < 10; r++) { enc.reset(); for (const m of messages) enc.encodeMessage(m); }
const e = (performance.now() - t0) / 20000 * 1000;
t0 = performance.now();
for (let r = 0; r < 10; r++) { dec.reset(); for (const o of offsets) dec.decodeMessage(bytes, o); }
const d = (performance.now() - t0) / 20000 * 1000;
console.log('enc', e.toFixed(1), 'dec', d.toFixed(1), 'us/msg');
}
