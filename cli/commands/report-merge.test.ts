import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conform } from '../../properties/conform.ts';
import type { RunReport } from '../../properties/report.ts';
import { runCli } from './testing/run-cli.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 11);

const untimed = (r: RunReport) => ({ ...r, command: '', startedAt: '', durationMs: 0, results: r.results.map((x) => ({ ...x, durationMs: 0 })) });

describe('fairwire report merge', () => {
  it('merges the shard reports of a CI matrix into the whole run: one report.json, junit.xml, report.html and exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-merge-'));
    const base = { components: ['sequencer'], adapter: 'mutant:sequencer-tie-by-arrival', seed: SEED, runs: 12, corpusDir: null, flakyTries: 1 };
    const whole = (await conform(base)).report;
    for (let k = 1; k <= 3; k++) await conform({ ...base, shard: { index: k, count: 3 }, reportDir: join(dir, `shard-${k}`) });
    const shards = [1, 2, 3].map((k) => join(dir, `shard-${k}`, 'report.json'));
    const out = join(dir, 'merged');
    const run = await runCli(['report', 'merge', ...shards, '--report', out]);
    expect(run.err).toContain(`reports: ${join(out, 'report.json')}`);
    expect(run.code).toBe(whole.exitCode);
    expect(run.code).toBe(1);
    // The table, as conform prints it.
    expect(run.out).toMatch(/sequencer\.\S+\s+FAILED/);
    for (const f of ['report.json', 'junit.xml', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    const merged = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(untimed(merged)).toEqual(untimed(JSON.parse(JSON.stringify(whole)) as RunReport));
    expect(merged.command).toBe(`npx fairwire report merge ${shards.join(' ')} --report ${out}`);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
  });

  it('refuses an incomplete or mixed set of shards, and files that are not reports (exit 2, saying why)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairwire-merge-'));
    const base = { components: ['loq'], adapter: 'reference', runs: 4, corpusDir: null };
    const paths: string[] = [];
    for (const [k, seed] of [[1, 5], [2, 5], [3, 6], [3, 5]] as const) {
      const file = join(dir, `s${k}-${seed}.json`);
      writeFileSync(file, JSON.stringify((await conform({ ...base, seed, shard: { index: k, count: 3 } })).report));
      paths.push(file);
    }
    const good = [paths[0]!, paths[1]!, paths[3]!];
    const mixed = await runCli(['report', 'merge', ...paths.slice(0, 3)]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain(`fairwire report merge: the shards are not of one run: different seed: 5 (${paths[0]}, ${paths[1]}) vs 6 (${paths[2]})`);
    const missing = await runCli(['report', 'merge', paths[0]!, paths[1]!, '--report', join(dir, 'out')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing shard 3/3');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const twice = await runCli(['report', 'merge', paths[0]!, paths[0]!, paths[1]!]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('shard 1/3 given 2 times');
    const nothing = await runCli(['report', 'merge']);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('which shard reports?');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const blocked = await runCli(['report', 'merge', ...good, '--report', join(file, 'out')]);
    expect(blocked.code).toBe(2);
    expect(blocked.err).toContain('is a file, not a folder');
    const fine = await runCli(['report', 'merge', ...good, '--report', join(dir, 'new', 'folder')]);
    expect(fine.code).toBe(0);
    expect(existsSync(join(dir, 'new', 'folder', 'junit.xml'))).toBe(true);
    const gone = await runCli(['report', 'merge', join(dir, 'nope.json')]);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('nope.json: cannot read it (ENOENT)');
  });
});
