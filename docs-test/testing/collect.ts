import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../../cli/commands/index.ts';
import { runCli } from '../../cli/commands/testing/run-cli.ts';
import type { DocExample } from './doc-example.ts';
import { helpExamples } from './help-examples.ts';
import { markdownExamples } from './markdown-examples.ts';
import { REPO } from './scratch.ts';

/**
 * The documents whose commands are run. `inline`: also every `npx fairwire ...` code span in the
 * prose (README.md's table is its command reference); elsewhere only ```sh / ```bash blocks count,
 * since prose spans there are fragments (`--adapter ...`) of commands shown in full in a block.
 */
export function markdownSources(): { readonly file: string; readonly inline: boolean }[] {
  const spec = (readdirSync(join(REPO, 'spec'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.md'))
    .map((f) => `spec/${f}`)
    .sort();
  return [
    { file: 'README.md', inline: true },
    { file: 'adapters/examples/README.md', inline: false },
    { file: 'features/README.md', inline: false },
    { file: 'bench/README.md', inline: false },
    ...spec.map((file) => ({ file, inline: false })),
  ];
}

export function markdownDocExamples(): DocExample[] {
  return markdownSources().flatMap(({ file, inline }) => markdownExamples(file, readFileSync(join(REPO, file), 'utf8'), { inline }));
}

/**
 * Every command's --help, in the command table's order, as a user gets it: through the CLI
 * (`fairwire <command> --help`), so a help that fails to print is caught too.
 */
export async function helpTexts(): Promise<{ readonly source: string; readonly help: string; readonly code: number }[]> {
  const out = [];
  for (const c of commands) {
    const r = await runCli([...c.path, '--help']);
    out.push({ source: `fairwire ${c.path.join(' ')} --help`, help: r.out, code: r.code });
  }
  return out;
}

export async function helpDocExamples(): Promise<DocExample[]> {
  return (await helpTexts()).flatMap(({ source, help }) => helpExamples(source, help));
}
