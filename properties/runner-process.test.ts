import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import { withSessionHooks } from '../adapters/process/session-hooks.ts';
import { VendorSession } from '../adapters/process/vendor-session.ts';
import { fromTaggedJson } from '../spec/tagged-json.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty } from './property.ts';
import { exitCodeOf, runCatalog } from './runner.ts';

// A hang inside a property, in process form: a Python vendor that never answers an echo of a
// value >= 100. The runner restarts it after every fault and shrinks the hang like any failure.
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const SCRIPT = fileURLToPath(new URL('./testing/hang_on_vendor.py', import.meta.url));

interface Echo extends Adapter<Record<string, boolean>> {
  echo(value: number): Promise<number>;
}
const sessions: VendorSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function hangingVendor(): Promise<Echo> {
  // A short timeout: each hanging shrink step costs one.
  const session = await VendorSession.open({ command: 'python3', args: [SCRIPT, '100'] }, { timeoutMs: 300 });
  sessions.push(session);
  const adapter: Echo = { name: 'hang-on-vendor', component: 'toy', capabilities: {}, echo: (value) => session.request<number>('echo', { value }) };
  return withSessionHooks(adapter, session);
}

const inProcess: Echo = { name: 'echo', component: 'toy', capabilities: {}, echo: async (v) => v };
const echoes = defineProperty<Echo, number>({
  id: 'toy.echo.equivalence',
  component: 'toy',
  title: 'echoes',
  requires: [],
  arbitrary: () => fc.integer({ min: 0, max: 1000 }),
  check: async (s, o, x) => {
    const [got, want] = [await s.echo(x), await o.echo(x)];
    if (got !== want) throw new Mismatch('echo', want, got);
  },
});

describe('a vendor process that hangs inside a property', () => {
  it('is a fault shrunk to the smallest hanging input, with its requests, stderr tail and a replay line', async () => {
    const subject = await hangingVendor();
    const [r] = await runCatalog({ catalog: [echoes], subject, oracle: inProcess, seed: SEED, runs: 5, replayCommand: 'fw' });
    expect(r!.status, `seed ${SEED}`).toBe('fault');
    expect(r!.signature).toBe('adapter-fault:hang');
    expect(fromTaggedJson(r!.counterexampleData!)).toBe(100);
    expect(r!.tries).toEqual({ failed: 3, of: 3 });
    expect(r!.requests).toEqual([expect.objectContaining({ op: 'echo', params: { value: 100 } })]);
    expect(r!.stderrTail).toContain('stuck in decode_loop() on value 100');
    expect(r!.replay).toMatch(/--replay[ =]-?\d+:[\d:]+$/);
    expect(exitCodeOf([r!])).toBe(3);
  }, 60_000);
});
