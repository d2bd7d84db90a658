import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../cli/commands/testing/run-cli.ts';

/**
 * Files a user has from an earlier fairwire run (the reports `report diff` and `report merge`
 * read, the README's capture): when an example names one, the run that writes it is made first, in process, in the
 * example's scratch directory. The loq catalog is the cheap one (~1 s); the "old" reports are of
 * a mutant, so that a diff between old and new has something to say.
 */
const conform = (adapter: string, ...out: string[]): string[] => ['conform', '--component', 'loq', '--adapter', adapter, '--seed', '1', '--quiet', '--no-corpus', ...out];
const OLD = 'mutant:loq-no-epoch';

export const PRODUCED: readonly { readonly path: string; readonly argv: readonly string[] }[] = [
  { path: 'reports/v1.4/report.json', argv: conform(OLD, '--report', 'reports/v1.4') },
  { path: 'reports/v1.5/report.json', argv: conform('reference', '--report', 'reports/v1.5') },
  { path: 'main/report.json', argv: conform(OLD, '--report', 'main') },
  { path: 'pr/report.json', argv: conform('reference', '--report', 'pr') },
  { path: 'old/report.json', argv: conform(OLD, '--report', 'old') },
  { path: 'new/report.json', argv: conform('reference', '--report', 'new') },
  { path: 'baseline/report.json', argv: conform(OLD, '--report', 'baseline') },
  { path: 'reports/report.json', argv: conform('reference', '--report', 'reports') },
  { path: 'old.json', argv: conform(OLD, '--json', 'old.json') },
  { path: 'new.json', argv: conform('reference', '--json', 'new.json') },
  { path: 'mix.pcap', argv: ['net', 'synth', '--count', '1000', '--seed', '7', '--out', 'mix.pcap', '--fcs', '--templates-out', 'mix.xml'] },
  { path: 'mix.xml', argv: ['net', 'synth', '--count', '1000', '--seed', '7', '--out', 'mix.pcap', '--fcs', '--templates-out', 'mix.xml'] },
  ...[1, 2, 3].map((k) => ({ path: `shard-${k}/report.json`, argv: conform('reference', '--shard', `${k}/3`, '--report', `shard-${k}`) })),
];

/** Whether `command` names `path` (a `shard-*` glob names every shard). */
function names(command: string, path: string): boolean {
  const dirGlob = path.replace(/^shard-\d+\//, 'shard-*/');
  return command.includes(path) || command.includes(dirGlob);
}

/** Makes, in `dir`, every produced file `command` names that is not there yet. */
export async function produceNamedFiles(command: string, dir: string): Promise<void> {
  for (const p of PRODUCED) {
    // An example that is itself the producing command (`net synth ... --out mix.pcap`) writes it.
    if (!names(command, p.path) || command.includes(`fairwire ${p.argv.slice(0, 2).join(' ')}`) || existsSync(join(dir, p.path))) continue;
    const before = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCli(p.argv);
      if (!existsSync(join(dir, p.path))) throw new Error(`fairwire ${p.argv.join(' ')} (exit ${r.code}) did not write ${p.path}:\n${r.err}`);
    } finally {
      process.chdir(before);
    }
  }
}
