import { componentEntry } from './properties/catalogs.ts';
import './properties/fast/register.ts';
import { killMutant } from './properties/kill-matrix.ts';
import { FAST_PROCESS_MUTANTS, SEQUENCER_PROCESS_MUTANTS } from './adapters/mutants/process-mutants.ts';
for (const seed of [20261121, 7]) for (const m of [...FAST_PROCESS_MUTANTS, ...SEQUENCER_PROCESS_MUTANTS]) {
  const row = await killMutant(componentEntry(m.component)!, m as any, seed);
  console.log(seed, row.mutant, row.killed, row.by, row.status, row.runs, row.durationMs, (row.message ?? '').slice(0, 300));
}
