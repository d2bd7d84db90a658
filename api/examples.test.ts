import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The README section "Using fairwire from your own tests", up to the next section. */
function section(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Using fairwire from your own tests');
  expect(start, 'README section "Using fairwire from your own tests"').toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Fenced blocks whose first line names an api/examples file: `// api/examples/x` or `# api/examples/x (excerpt)`. */
function namedBlocks(text: string): { file: string; excerpt: boolean; body: string }[] {
  return [...text.matchAll(/```\w*\n((?:\/\/|#) (api\/examples\/\S+)( \(excerpt\))?\n[\s\S]*?)```/g)].map((m) => ({ file: m[2]!, excerpt: m[3] !== undefined, body: m[1]! }));
}

describe('README "Using fairwire from your own tests" shows the example files as they are', () => {
  it('every named block is its file (whole), or lines of it (an excerpt)', () => {
    const blocks = namedBlocks(section());
    expect(blocks.map((b) => b.file).sort()).toEqual([
      'api/examples/cucumber.mjs',
      'api/examples/features/my-sequencer.feature',
      'api/examples/features/support/fairwire.mjs',
      'api/examples/sequencer.spec.mjs',
    ]);
    for (const b of blocks) {
      const file = readFileSync(join(ROOT, b.file), 'utf8');
      if (!b.excerpt) {
        expect(b.body, b.file).toBe(file);
        continue;
      }
      const lines = file.split('\n').map((l) => l.trim());
      for (const line of b.body.split('\n').slice(1).map((l) => l.trim()).filter(Boolean)) expect(lines, `${b.file}: ${line}`).toContain(line);
    }
  });
});
