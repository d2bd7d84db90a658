import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conform } from '../../properties/conform.ts';
import type { PropertyResult } from '../../properties/runner.ts';

/**
 * The guide's planted vendors (README "Reading a verdict") come out as the guide says: the hang
 * as a `fault` shrunk to a small case, with every request of the case and the vendor's stderr;
 * the race as `flaky` (or `failed` when every try happened to fail) with its tries — never
 * `passed`, whatever the tries show, because the run itself saw the failure.
 */
const PYTHON = fileURLToPath(new URL('./python/', import.meta.url));
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 1);

async function run(component: string, adapter: string, property: string): Promise<PropertyResult> {
  const { report } = await conform({ components: [component], adapter, seed: SEED, propertyIds: [property], corpusDir: null, flakyTries: 3 });
  const r = report.results.find((x) => x.id === property);
  expect(r, `FAIRWIRE_SEED=${SEED}: ${report.error ?? ''}`).toBeDefined();
  return r!;
}

describe('planted Python vendors', () => {
  it('fast_decoder_hang.py: a fault, shrunk, with the requests of the case and the stderr tail', async () => {
    // The manifest's timeoutMs keeps every hanging shrink step short.
    const manifest = join(mkdtempSync(join(tmpdir(), 'fw-planted-')), 'hang.json');
    writeFileSync(manifest, JSON.stringify({ name: 'fast_decoder_hang', command: 'python3', args: [join(PYTHON, 'fast_decoder_hang.py')], timeoutMs: 300 }));
    const r = await run('fast', manifest, 'fast.decode.equivalence');
    const why = `FAIRWIRE_SEED=${SEED}\n${JSON.stringify(r, null, 2).slice(0, 4000)}`;
    expect(r.status, why).toBe('fault');
    expect(r.signature, why).toMatch(/hang/);
    const ce = r.counterexample as { templatesXml: string; streamHex: string };
    expect(ce.templatesXml.match(/<template /g)!.length, why).toBeLessThanOrEqual(2);
    expect(ce.streamHex.length / 2, why).toBeLessThanOrEqual(16);
    const ops = (r.requests ?? []).map((q) => (q as { op?: string }).op);
    expect(ops, why).toContain('fast.loadTemplates');
    expect(ops[ops.length - 1], why).toBe('fast.decode');
    expect(r.stderrTail, why).toMatch(/acme-fast: decode \d+ bytes/);
  }, 600_000);

  it('sequencer_race.py: flaky (or failed on every try), with the tries shown', async () => {
    const r = await run('sequencer', `cmd:python3 ${join(PYTHON, 'sequencer_race.py')}`, 'sequencer.safety.sorted-exactly-once');
    const why = `FAIRWIRE_SEED=${SEED}\n${JSON.stringify(r, null, 2).slice(0, 4000)}`;
    expect(['flaky', 'failed'], why).toContain(r.status);
    expect(r.tries?.of, why).toBe(3);
    // The run saw the swap; each fresh try swaps with probability about 1/2, so a flaky verdict
    // may come with 0 of 3 tries failing (about 1 run in 8) and still be the right verdict.
    if (r.status === 'failed') expect(r.tries!.failed, why).toBe(3);
    else expect(r.tries!.failed, why).toBeLessThan(3);
    expect(r.signature, why).toMatch(/reordered|lost|duplicated/);
  }, 600_000);
});
