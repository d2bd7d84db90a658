import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExpectationsError, fixExpectations, gate, gatingFailed, loadExpectations, saveExpectations, type Expectations } from './expectations.ts';
import type { PropertyResult } from './runner.ts';

const result = (id: string, status: PropertyResult['status'], extra: Partial<PropertyResult> = {}): PropertyResult => ({
  id,
  component: 'c',
  title: id,
  status,
  runs: 10,
  runsAsked: 10,
  seed: 1,
  durationMs: 0,
  ...extra,
});
const ids = new Set(['c.a.one', 'c.a.two', 'c.a.three']);
const list = (...failures: Expectations['failures']): Expectations => ({ vendor: 'v', failures });

describe('gate', () => {
  it('a listed failure with the listed signature is known; with another, unexpected (both signatures said)', () => {
    const e = list({ property: 'c.a.one', signature: 'value-differs at x', reason: 'r' }, { property: 'c.a.two', signature: 'missing at y[]', reason: 'r' });
    const g = gate('f', e, [result('c.a.one', 'failed', { signature: 'value-differs at x' }), result('c.a.two', 'failed', { signature: 'extra at y[]' })], ids);
    expect(g.knownFailures).toEqual(['c.a.one']);
    expect(g.unexpectedFailures).toEqual(['c.a.two']);
    expect(g.notes).toEqual(["c.a.two: unexpected failure: listed for signature 'missing at y[]', failed with 'extra at y[]'"]);
    expect(gatingFailed(g)).toBe(true);
  });

  it('a flaky failure gates like a failure: unlisted it is unexpected, listed with its signature it is known', () => {
    const e = list({ property: 'c.a.one', signature: 'value-differs at x', reason: 'r' });
    const g = gate('f', e, [result('c.a.one', 'flaky', { signature: 'value-differs at x' }), result('c.a.two', 'flaky', { signature: 'extra at y[]' })], ids);
    expect(g.knownFailures).toEqual(['c.a.one']);
    expect(g.unexpectedFailures).toEqual(['c.a.two']);
    expect(gatingFailed(g)).toBe(true);
    // Further findings of a listed property are information: the result's signature is gated.
    const more = gate('f', e, [result('c.a.one', 'failed', { signature: 'value-differs at x', findings: [{ status: 'failed', signature: 'other', message: 'm', seed: 1 }] })], ids);
    expect(more.knownFailures).toEqual(['c.a.one']);
    expect(gatingFailed(more)).toBe(false);
  });

  it('a listed property that faulted, was skipped, did not run or was vacuous is stale', () => {
    const e = list(
      { property: 'c.a.one', signature: 's', reason: 'r' },
      { property: 'c.a.two', signature: 's', reason: 'r' },
      { property: 'c.a.three', signature: 's', reason: 'r' },
    );
    for (const status of ['fault', 'skipped', 'not-run', 'vacuous'] as const) {
      const g = gate('f', e, [result('c.a.one', status)], ids);
      expect(g.staleEntries, status).toEqual(['c.a.one']);
      expect(g.notes[0]).toContain(`was ${status}`);
    }
  });

  it('an entry without a signature is stale, and --fix records the signature', () => {
    const e = list({ property: 'c.a.one', reason: 'old' });
    const results = [result('c.a.one', 'failed', { signature: 'value-differs at x', message: 'boom' })];
    const g = gate('f', e, results, ids);
    expect(g.staleEntries).toEqual(['c.a.one']);
    expect(g.notes[0]).toContain('run --fix to record its signature');
    const { next, changes } = fixExpectations(e, g, results, ids);
    expect(next.failures).toEqual([{ property: 'c.a.one', signature: 'value-differs at x', reason: 'old' }]);
    expect(changes).toEqual(["~ c.a.one: recorded signature 'value-differs at x'"]);
    expect(gatingFailed(gate('f', next, results, ids))).toBe(false);
  });

  it('--fix adds new failures with their signature, replaces changed ones, drops passes, unknown ids and skipped', () => {
    const e = list(
      { property: 'c.a.one', signature: 'old-sig', reason: 'r' },
      { property: 'c.a.two', signature: 's', reason: 'r' },
      { property: 'c.gone.away', signature: 's', reason: 'r' },
    );
    const results = [result('c.a.one', 'failed', { signature: 'new-sig' }), result('c.a.two', 'passed'), result('c.a.three', 'failed', { signature: 'k', message: 'bad\nmore' })];
    const g = gate('f', e, results, ids);
    const { next, changes } = fixExpectations(e, g, results, ids);
    expect(next.failures).toEqual([
      { property: 'c.a.one', signature: 'new-sig', reason: 'r' },
      { property: 'c.a.three', signature: 'k', reason: 'bad' },
    ]);
    expect(changes).toHaveLength(4);
  });
});

describe('loadExpectations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-expect-'));
  it('reads old entries without a signature, rejects other schema errors', () => {
    const file = join(dir, 'old.json');
    writeFileSync(file, JSON.stringify({ vendor: 'v', failures: [{ property: 'c.a.one', reason: 'r' }] }));
    expect(loadExpectations(file, 'v').failures).toEqual([{ property: 'c.a.one', reason: 'r' }]);
    writeFileSync(file, JSON.stringify({ vendor: 'v', failures: [{ property: 'c.a.one', signature: '', reason: 'r' }] }));
    expect(() => loadExpectations(file, 'v')).toThrow(ExpectationsError);
  });

  it('saves entries with their signature, in schema order', () => {
    const file = join(dir, 'saved.json');
    saveExpectations(file, list({ reason: 'r', property: 'c.a.one', signature: 's' } as never));
    expect(readFileSync(file, 'utf8')).toBe('{\n  "vendor": "v",\n  "failures": [\n    {\n      "property": "c.a.one",\n      "signature": "s",\n      "reason": "r"\n    }\n  ]\n}\n');
    expect(loadExpectations(file, 'v').failures[0]?.signature).toBe('s');
  });
});
