import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conform } from '../../properties/conform.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('a printed replay line', () => {
  it('runs as pasted into a shell, negative unit seed included, and fails the same way', async () => {
    // The first run seed whose failing unit has a negative fast-check seed (half of them do).
    let failure;
    for (let seed = 1; seed < 40 && !failure; seed++) {
      const { report } = await conform({
        components: ['fast'],
        adapter: 'mutant:fast-increment-as-copy',
        seed,
        propertyIds: ['fast.decode.equivalence'],
        corpusDir: null,
      });
      const r = report.results[0]!;
      if (r.status === 'failed' && r.seed < 0) failure = r;
    }
    expect(failure?.replay).toMatch(/--replay=-\d+:/);
    const line = failure!.replay!.replace(/^npx fairwire/, 'node bin/fairwire.js') + ' --no-corpus --quiet';
    let out = '';
    let code = 0;
    try {
      out = execFileSync('sh', ['-c', line], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { status: number; stdout: string };
      code = e.status;
      out = e.stdout;
    }
    expect(code).toBe(1);
    expect(out).toContain(`signature: ${failure!.signature}`);
  });
});
