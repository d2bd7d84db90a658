import { describe, expect, it } from 'vitest';
import type { PropertyResult } from './runner.ts';
import { catalogProblems } from './verdict.ts';

const result = (id: string, status: PropertyResult['status'], extra: Partial<PropertyResult> = {}): PropertyResult => ({
  id,
  component: 'toy',
  title: id,
  status,
  runs: status === 'skipped' || status === 'not-run' ? 0 : 50,
  runsAsked: 50,
  seed: 1,
  durationMs: 0,
  ...extra,
});

describe('catalogProblems (the cucumber catalog step)', () => {
  it('accepts passed, skipped and expected failures when something was checked', () => {
    expect(catalogProblems('toy', [result('toy.a.b', 'passed'), result('toy.a.c', 'skipped'), result('toy.a.d', 'expected-failure')])).toEqual([]);
  });

  it('rejects a catalog whose every property was skipped, saying why', () => {
    const p = catalogProblems('toy', [result('toy.a.b', 'skipped', { reason: 'subject lacks capabilities: x' }), result('toy.a.c', 'skipped', { reason: 'subject lacks capabilities: x' })]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/every property .* skipped.*lacks capabilities: x/);
  });

  it('rejects not-run and vacuous properties, and an empty run', () => {
    const p = catalogProblems('toy', [result('toy.a.b', 'passed'), result('toy.a.c', 'not-run', { reason: 'the time budget ran out' }), result('toy.a.d', 'vacuous', { runs: 3 })]);
    expect(p).toEqual(['toy.a.c: not-run (0/50 runs) — the time budget ran out', 'toy.a.d: vacuous (3/50 runs)']);
    expect(catalogProblems('toy', [])).toEqual(['the toy catalog ran no property']);
  });
});
