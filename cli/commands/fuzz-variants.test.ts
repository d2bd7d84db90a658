import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';

/**
 * `fuzz fast` judges a decoder by the readings it declares (spec/fast/variants.md): the Python
 * example reading tailNull 'unchanged' (FAIRWIRE_EXAMPLE_TAIL_NULL, set in the manifests) over
 * templates with optional tail strings. Declared (in its ready line): no disagreement. The same
 * vendor with the declaration taken back by its manifest, or the in-process mutant that reads
 * 'unchanged' and declares nothing: disagreements, on that field, and nothing else.
 */
const TESTING = fileURLToPath(new URL('../../adapters/process/testing/', import.meta.url));
const TEMPLATES = fileURLToPath(new URL('./testing/fast-tail-nullable.xml', import.meta.url));
const DECLARED = join(TESTING, 'fast-decoder-tail-unchanged-ready.manifest.json');
const UNDECLARED = join(TESTING, 'fast-decoder-tail-unchanged-undeclared.manifest.json');
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

interface Summary {
  variants: string[];
  cases: number;
  judged: number;
  crashes: number;
  hangs: number;
  disagreements: number;
  flaky: number;
  reproducers: string[];
  signatures: { signature: string }[];
}

const cli = (argv: string[]) => runCli(argv);

const fuzz = (adapter: string, out: string) => cli(['fuzz', 'fast', '--templates', TEMPLATES, '--runs', '300', '--seed', String(SEED), '--adapter', adapter, '--out', out]);

describe('fuzz fast follows the declared variants', () => {
  it("a vendor reading tailNull 'unchanged' and declaring it: no disagreement in 300 cases", async () => {
    const r = await fuzz(DECLARED, mkdtempSync(join(tmpdir(), 'fw-fuzz-variants-')));
    const why = `FAIRWIRE_SEED=${SEED}\n${r.err}`;
    const summary = JSON.parse(r.out) as Summary;
    expect(summary.variants).toEqual(['tailNull: unchanged (declared; default empty)', 'staticTemplateRefDictionary: referred (default)']);
    expect(r.err).toContain('variants tailNull: unchanged (declared; default empty)');
    expect(summary.judged, why).toBe(300);
    expect(summary.disagreements + summary.crashes + summary.hangs + summary.flaky, why).toBe(0);
    expect(r.code, why).toBe(0);
  }, 120_000);

  it('the same vendor with the declaration taken back (manifest): disagreements on the tail field, reproducers that say under which readings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-fuzz-variants-'));
    const r = await fuzz(UNDECLARED, dir);
    const why = `FAIRWIRE_SEED=${SEED}\n${r.err}`;
    const summary = JSON.parse(r.out) as Summary;
    expect(summary.variants).toEqual(['tailNull: empty (default)', 'staticTemplateRefDictionary: referred (default)']);
    expect(summary.disagreements, why).toBeGreaterThan(0);
    expect(summary.crashes + summary.hangs + summary.flaky, why).toBe(0);
    expect(summary.signatures.map((s) => s.signature)).toEqual(['disagreement: value-differs at messages[].fields.<ascii optional tail>']);
    expect(r.code).toBe(1);
    const finding = JSON.parse(readFileSync(join(summary.reproducers[0]!, 'finding.json'), 'utf8')) as { variants: string[]; referenceCommand?: string };
    expect(finding.variants).toEqual(summary.variants);
    expect(finding.referenceCommand).toMatch(/^npx fairwire decode /);
    // The reproducer is a difference of reading only: the vendor that declares its reading decodes it as the reference does.
    const replay = await cli(['fuzz', 'fast', '--replay', summary.reproducers[0]!, '--adapter', DECLARED]);
    expect(JSON.parse(replay.out)).toMatchObject({ verdict: 'ok', variants: ['tailNull: unchanged (declared; default empty)', 'staticTemplateRefDictionary: referred (default)'] });
    expect(replay.code).toBe(0);
  }, 120_000);

  it('in process: the mutant that reads unchanged and declares nothing gives the same disagreements', async () => {
    const r = await fuzz('mutant:fast-tail-null-kept-undeclared', mkdtempSync(join(tmpdir(), 'fw-fuzz-variants-')));
    const summary = JSON.parse(r.out) as Summary;
    expect(summary.disagreements, r.err).toBeGreaterThan(0);
    expect(summary.signatures.map((s) => s.signature)).toEqual(['disagreement: value-differs at messages[].fields.<ascii optional tail>']);
  }, 120_000);
});
