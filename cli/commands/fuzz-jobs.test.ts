import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_FAST_CAPABILITIES } from '../../adapters/fast.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { FuzzCases, type PreparedCase } from './fast-fuzz-cases.ts';
import { runCli } from './testing/run-cli.ts';

/**
 * `fuzz fast --jobs N`: the cases are made by worker threads and sent to the subject ahead of
 * the one judged, yet case i is the same whatever N, the findings are the same, and every case
 * asked is counted.
 */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261208);
const MUTANT = 'mutant:fast-nullable-not-decremented';

interface Summary {
  cases: number;
  judged: number;
  skipped: number;
  disagreements: number;
  crashes: number;
  hangs: number;
  signatures: { kind: string; signature: string; count: number; firstCase: number; confirmed: boolean }[];
}

const comparable = (s: Summary) => ({
  cases: s.cases,
  judged: s.judged,
  skipped: s.skipped,
  disagreements: s.disagreements,
  crashes: s.crashes,
  hangs: s.hangs,
  signatures: s.signatures.map(({ kind, signature, count, firstCase, confirmed }) => ({ kind, signature, count, firstCase, confirmed })),
});

const plain = (p: PreparedCase) =>
  toCanonicalJson({ index: p.index, xml: p.case?.xml, bytes: p.case ? Buffer.from(p.case.bytes).toString('hex') : null, reset: p.case?.reset, detail: p.case?.detail, expected: p.expected });

describe('fuzz fast --jobs', () => {
  it('worker threads make exactly the cases (and reference answers) this thread makes', async () => {
    const recipe = { source: { kind: 'random' as const, caps: ALL_FAST_CAPABILITIES }, seed: SEED };
    const here = new FuzzCases(recipe, 1);
    const workers = new FuzzCases(recipe, 3);
    try {
      const indices = Array.from({ length: 24 }, (_, i) => i);
      // Asked out of order and all at once: each answer still belongs to its index.
      const fromWorkers = await Promise.all([...indices].reverse().map((i) => workers.get(i)));
      const fromHere = await Promise.all(indices.map((i) => here.get(i)));
      expect(fromWorkers.reverse().map(plain), `FAIRWIRE_SEED=${SEED}`).toEqual(fromHere.map(plain));
    } finally {
      here.close();
      workers.close();
    }
  });

  it('the same findings with 1 and 3 jobs, and every case asked counted', async () => {
    const runs = '8';
    const one = await runCli(['fuzz', 'fast', '--seed', String(SEED), '--runs', runs, '--jobs', '1', '--adapter', MUTANT, '--out', mkdtempSync(join(tmpdir(), 'fw-fuzz-jobs1-'))]);
    const three = await runCli(['fuzz', 'fast', '--seed', String(SEED), '--runs', runs, '--jobs', '3', '--adapter', MUTANT, '--out', mkdtempSync(join(tmpdir(), 'fw-fuzz-jobs3-'))]);
    const why = `FAIRWIRE_SEED=${SEED}\n${one.err}\n${three.err}`;
    expect(one.code, why).toBe(1);
    expect(three.code, why).toBe(1);
    const a = JSON.parse(one.out) as Summary;
    const b = JSON.parse(three.out) as Summary;
    expect(a.disagreements, why).toBeGreaterThan(0);
    expect(a.cases + a.skipped, why).toBe(8);
    expect(comparable(b), why).toEqual(comparable(a));
  }, 300_000);

  it('the reference against itself: nothing found with the default job count, all cases judged', async () => {
    const r = await runCli(['fuzz', 'fast', '--seed', String(SEED), '--runs', '200', '--out', mkdtempSync(join(tmpdir(), 'fw-fuzz-jobsd-'))]);
    expect(r.code, `FAIRWIRE_SEED=${SEED}\n${r.err}`).toBe(0);
    const s = JSON.parse(r.out) as Summary;
    expect(s.cases + s.skipped).toBe(200);
    expect(s.judged).toBe(s.cases);
  });

  it('--jobs must be a positive integer', async () => {
    const r = await runCli(['fuzz', 'fast', '--runs', '5', '--jobs', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--jobs.*positive integer/);
  });
});
