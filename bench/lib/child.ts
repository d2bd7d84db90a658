/**
 * Runs one bench file's run() in this process and writes its results as JSON (bench/run.ts starts
 * one of these per file: V8's optimisation state and the heap of one bench never colour another's
 * figures). Usage: node --import tsx bench/lib/child.ts FILE OUT.json
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { formatResult, type BenchResult } from './harness.ts';

const [file, out] = process.argv.slice(2);
if (file === undefined || out === undefined) throw new Error('usage: child.ts FILE OUT.json');
const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<BenchResult[]> };
if (typeof mod.run !== 'function') throw new Error(`${file} exports no run()`);
const results = await mod.run();
for (const r of results) console.log(formatResult(r));
writeFileSync(out, JSON.stringify(results));
