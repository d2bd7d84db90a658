import fc from 'fast-check';
import { ALL_NET_CAPABILITIES } from '/work/main/adapters/net.ts';
import { buildFrame } from '/work/main/reference/net/build.ts';
import { writeCapture } from '/work/main/reference/net/capture-io.ts';
import { frameSpecArb } from '/work/main/properties/arbitraries/net-frame.ts';
import { writeFileSync } from 'node:fs';
const specs = fc.sample(frameSpecArb(ALL_NET_CAPABILITIES, { fcs: false }), { seed: 12, numRuns: 300 });
writeFileSync('/tmp/nt/all.pcap', writeCapture(specs.map((s,i) => { const d = buildFrame(s); return {tsNs: BigInt(i)*1000n, data: d, originalLength: d.length, fcs: false}; }), {format:'pcap', byteOrder:'le', resolution:'us', fcs:false}));
