/**
 * Template XML throughput: parsing the largest real corpus file (CQG, 6 templates, ~7.5 kB)
 * and mFAST's example, and printing a parsed set back to XML. Load time matters for vendors
 * that receive templates per session, not per message, so these are for regressions only.
 */
import { readCorpus } from '../reference/fast/testing/template-support.ts';
import { parseTemplates } from '../reference/fast/template-parser.ts';
import { writeTemplatesXml } from '../reference/fast/template-writer.ts';
import { formatResult, machine, measure } from './lib/harness.ts';
import type { BenchResult } from './lib/harness.ts';

export async function run(): Promise<BenchResult[]> {
  const cqg = readCorpus('fast-templates/rsfastlib-cqg.xml');
  const mfast = readCorpus('mfast-complex/example.xml');
  const cqgSet = parseTemplates(cqg);
  const opts = { batch: 4, batches: 1000, warmupBatches: 100 };
  let sink = 0;
  const results = [
    measure('templates.parse cqg (7.5 kB, 6 templates)', () => { sink += parseTemplates(cqg).templates.length; }, opts),
    measure('templates.parse mfast example (3.7 kB, 3 tpl)', () => { sink += parseTemplates(mfast).templates.length; }, opts),
    measure('templates.write cqg', () => { sink += writeTemplatesXml(cqgSet).length; }, opts),
  ].map((r) => ({ ...r, extra: { bytes: r.name.includes('mfast') ? mfast.length : cqg.length } }));
  if (sink < 0) console.log(sink);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machine());
  for (const r of await run()) console.log(formatResult(r));
}
