import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';

/**
 * `fuzz fast` honours the subject's capabilities: random templates use only what it declares,
 * and a case it declines (`skipped`, error `unsupported` / `unsupported-op`) is counted apart,
 * never as a crash. The subject is the README's own Python example decoder, over the protocol.
 */
const PYTHON = 'cmd:python3 adapters/examples/python/fast_decoder.py';
const TEST_VENDOR = 'adapters/process/testing/test_vendor.py';
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

interface Summary {
  cases: number;
  judged: number;
  unsupported: number;
  crashes: number;
  hangs: number;
  disagreements: number;
}

async function fuzz(args: string[]): Promise<{ code: number; summary: Summary; err: string }> {
  const r = await runCli(['fuzz', 'fast', '--seed', String(SEED), '--out', mkdtempSync(join(tmpdir(), 'fw-fuzz-')), ...args]);
  return { code: r.code, summary: JSON.parse(r.out) as Summary, err: r.err };
}

describe('fuzz fast against the capabilities the subject declares', () => {
  it('the Python example decoder: every case judged, none a crash (seed printed on failure)', async () => {
    const r = await fuzz(['--runs', '60', '--adapter', PYTHON]);
    expect(r.summary, `FAIRWIRE_SEED=${SEED}\n${r.err}`).toMatchObject({ cases: 60, judged: 60, unsupported: 0, crashes: 0, hangs: 0, disagreements: 0 });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/without decimal, .*sequences/);
  });

  it('given templates outside its capabilities: every case unsupported, none a crash, and no pass', async () => {
    const r = await fuzz(['--runs', '12', '--templates', 'features/fast/decimal-templates.xml', '--adapter', PYTHON]);
    expect(r.summary, `FAIRWIRE_SEED=${SEED}`).toMatchObject({ cases: 12, judged: 0, unsupported: 12, crashes: 0 });
    expect(r.err).toMatch(/unsupported \(counted apart, not a finding\).*decimal/);
    expect(r.err).toMatch(/no case judged/);
    expect(r.err).toMatch(/warning: .*decimal-templates\.xml uses decimal, individualDecimalOperators/);
    expect(r.code).toBe(1); // nothing was judged: not "nothing found"
  });

  it('a vendor answering `skipped` is counted unsupported too', async () => {
    const r = await fuzz(['--runs', '6', '--adapter', `cmd:python3 ${TEST_VENDOR} fast-skipped`]);
    expect(r.summary, `FAIRWIRE_SEED=${SEED}`).toMatchObject({ cases: 6, judged: 0, unsupported: 6, crashes: 0 });
    expect(r.err).toMatch(/skipped: .*not my kind of input/);
    expect(r.err).toMatch(/warning: the subject declined 6 case\(s\) generated inside the capabilities it declares/);
    expect(r.code).toBe(1); // nothing judged
  });
});
