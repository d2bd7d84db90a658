import type { Mutant } from '../adapters/mutants/registry.ts';
import type { ComponentEntry } from './components.ts';
import { runCatalog, type PropertyStatus } from './runner.ts';

/**
 * The suite's self-test: every mutant (one known bug each) must be killed by its component's
 * catalog — some property fails, or the adapter is reported faulty. Properties the mutant names
 * in `killedBy` run first; the search stops at the first kill.
 */
export interface KillRow {
  readonly component: string;
  readonly mutant: string;
  readonly bug: string;
  readonly killed: boolean;
  /** The property that killed it, and how (failed / fault). */
  readonly by?: string;
  readonly status?: PropertyStatus;
  readonly runs: number;
  readonly durationMs: number;
  readonly message?: string;
}

export async function killMutant(entry: ComponentEntry, mutant: Mutant, seed: number, runs?: number): Promise<KillRow> {
  const started = Date.now();
  const first = mutant.killedBy ?? [];
  const order = [...first, ...entry.catalog.map((p) => p.id).filter((id) => !first.includes(id))];
  let total = 0;
  const subject = await mutant.create();
  const oracle = await entry.reference();
  try {
    for (const id of order) {
      const p = entry.catalog.find((x) => x.id === id);
      // Expected-failure properties fail against everyone; they cannot single out a mutant.
      if (!p || p.expectedFailure) continue;
      const [r] = await runCatalog({ catalog: [p], subject, oracle, seed, ...(runs ? { runs } : {}) });
      if (!r) continue;
      total += r.runs;
      if (r.status === 'failed' || r.status === 'fault') {
        return {
          component: entry.component,
          mutant: mutant.name,
          bug: mutant.bug,
          killed: true,
          by: id,
          status: r.status,
          runs: total,
          durationMs: Date.now() - started,
          ...(r.message ? { message: r.message.split('\n')[0]! } : {}),
        };
      }
    }
    return { component: entry.component, mutant: mutant.name, bug: mutant.bug, killed: false, runs: total, durationMs: Date.now() - started };
  } finally {
    await subject.close?.().catch(() => {});
    await oracle.close?.().catch(() => {});
  }
}

export async function killMatrix(entries: readonly ComponentEntry[], seed: number, onRow?: (r: KillRow) => void): Promise<KillRow[]> {
  const rows: KillRow[] = [];
  for (const e of entries) {
    for (const m of e.mutants) {
      const row = await killMutant(e, m, seed);
      rows.push(row);
      onRow?.(row);
    }
  }
  return rows;
}

export function killMatrixMarkdown(rows: readonly KillRow[]): string {
  const lines = ['| component | mutant | the bug | killed by | runs |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const by = r.killed ? `\`${r.by}\`${r.status === 'fault' ? ' (fault)' : ''}` : '**SURVIVED**';
    lines.push(`| ${r.component} | \`${r.mutant}\` | ${r.bug.replace(/\|/g, '\\|')} | ${by} | ${r.runs} |`);
  }
  return `${lines.join('\n')}\n`;
}
