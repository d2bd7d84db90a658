import fc from 'fast-check';
import { fastCase } from './properties/arbitraries/fast-case.ts';
import { ALL_FAST_CAPABILITIES } from './adapters/fast.ts';
import { toCanonicalJson } from './spec/canonical-json.ts';
const s = fc.sample(fastCase(ALL_FAST_CAPABILITIES), { numRuns: 2, seed: Number(process.argv[2] ?? 1) });
for (const c of s) console.log(toCanonicalJson(c, 1).slice(0, 6000));
