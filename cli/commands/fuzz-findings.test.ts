import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';

/**
 * `fuzz fast` findings hold: a reproducer is saved only when it fails again, the same way, on a
 * fresh vendor process; its finding.json says what `--replay` then reports; templates are
 * minimised; findings are grouped by signature with a count each (stdout and DIR/summary.json);
 * a finding that does not hold on a fresh process is `flaky`, apart, and never saved.
 */
const DETERMINISTIC = 'cmd:python3 adapters/mutants/process/fast_nullable_not_decremented.py';
const HISTORY_BUG = 'cmd:python3 adapters/process/testing/fast_history_bug.py';
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

interface Signature {
  kind: string;
  signature: string;
  count: number;
  reproducer: string | null;
}
interface Summary {
  cases: number;
  crashes: number;
  hangs: number;
  disagreements: number;
  flaky: number;
  reproducers: string[];
  signatures: Signature[];
  flakySignatures: { kind: string; signature: string; count: number }[];
}

const cli = (argv: string[]) => runCli(argv);

describe('fuzz fast findings that hold', () => {
  it('a deterministic bug: one confirmed, minimised reproducer per signature, and each replays as its finding.json says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-fuzz-findings-'));
    const r = await cli(['fuzz', 'fast', '--seed', String(SEED), '--runs', '40', '--adapter', DETERMINISTIC, '--out', dir]);
    const why = `FAIRWIRE_SEED=${SEED}\n${r.err}`;
    const summary = JSON.parse(r.out) as Summary;
    expect(r.code, why).toBe(1);
    expect(summary.disagreements, why).toBeGreaterThan(0);
    expect(summary.flaky, why).toBe(0);
    // Grouped: the counts per signature add up, one reproducer each, signatures distinct.
    expect(summary.signatures.reduce((n, s) => n + s.count, 0)).toBe(summary.disagreements + summary.crashes + summary.hangs);
    expect(new Set(summary.signatures.map((s) => s.signature)).size).toBe(summary.signatures.length);
    expect(summary.signatures.map((s) => s.reproducer).sort()).toEqual([...summary.reproducers].sort());
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(summary);
    for (const s of summary.signatures) {
      const finding = JSON.parse(readFileSync(join(s.reproducer!, 'finding.json'), 'utf8')) as {
        kind: string;
        signature: string;
        templatesChars: number;
        originalTemplatesChars: number;
        replay: string;
      };
      expect(finding.kind).toBe(s.kind);
      expect(finding.signature).toBe(s.signature);
      // Templates minimised: what is left is a fraction of the generated set.
      expect(finding.templatesChars, why).toBeLessThan(finding.originalTemplatesChars);
      expect(readFileSync(join(s.reproducer!, 'templates.xml'), 'utf8').match(/<template /g)).toHaveLength(1);
      // finding.json never contradicts its own label: the replay (a fresh process) says the same.
      const replay = await cli(['fuzz', 'fast', '--replay', s.reproducer!, '--adapter', DETERMINISTIC]);
      const said = JSON.parse(replay.out) as { verdict: string; signature?: string };
      expect({ verdict: said.verdict, signature: said.signature }, why).toEqual({ verdict: finding.kind, signature: finding.signature });
      expect(replay.code).toBe(1);
    }
  }, 120_000);

  it('a bug that depends on the process history: flaky, apart, never saved as a finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-fuzz-flaky-'));
    const r = await cli(['fuzz', 'fast', '--seed', String(SEED), '--runs', '40', '--adapter', HISTORY_BUG, '--out', dir]);
    const why = `FAIRWIRE_SEED=${SEED}\n${r.err}`;
    const summary = JSON.parse(r.out) as Summary;
    expect(summary.flaky, why).toBeGreaterThan(0);
    expect(summary.disagreements + summary.crashes + summary.hangs, why).toBe(0);
    expect(summary.reproducers).toEqual([]);
    expect(summary.flakySignatures.reduce((n, s) => n + s.count, 0)).toBe(summary.flaky);
    expect(r.err).toMatch(/did not fail again on a fresh subject \(it decoded the stream as the reference does\); not saved as a finding/);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(summary);
    expect(r.code).toBe(1);
  }, 120_000);

  it('a hang: timed by the vendor\'s own timeout (not the host\'s warm-up), minimised to the templates and bytes it needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-fuzz-hang-'));
    const r = await cli(['fuzz', 'fast', '--seed', '3', '--runs', '12', '--case-timeout', '1000', '--adapter', 'cmd:python3 adapters/examples/python/fast_decoder_hang.py', '--out', dir]);
    const summary = JSON.parse(r.out) as Summary;
    expect(summary.hangs, r.err).toBeGreaterThan(0);
    expect(summary.crashes + summary.disagreements + summary.flaky, r.err).toBe(0);
    expect(summary.signatures.map((s) => s.signature)).toEqual(['hang in fast.decode']);
    const reproducer = summary.signatures[0]!.reproducer!;
    const finding = JSON.parse(readFileSync(join(reproducer, 'finding.json'), 'utf8')) as { kind: string; streamHex: string; stderrTail?: string };
    expect(finding.kind).toBe('hang');
    expect(finding.streamHex.length / 2, r.err).toBeLessThanOrEqual(8);
    expect(finding.stderrTail).toMatch(/acme-fast: decode \d+ bytes/);
    const xml = readFileSync(join(reproducer, 'templates.xml'), 'utf8');
    expect(xml.match(/<template /g)).toHaveLength(1);
    expect(xml.match(/<(string|u?[iI]nt(32|64))\b/g), xml).toHaveLength(1); // the one delta string the hang needs
    expect(xml).toMatch(/<string[^>]*>\s*<delta/);
  }, 180_000);
});
