import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapter.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import '../../properties/fast/register.ts';
import { runCatalog } from '../../properties/runner.ts';
import { loadProcessAdapter, PROCESS_COMPONENTS } from './load.ts';

/**
 * Every protocol wrapper end to end: the reference implementations run in a TypeScript vendor
 * process (testing/reference-vendor.ts) and must pass their own catalogs over the protocol,
 * in strict validation (every message checked against the schemas, both ways).
 */
const VENDOR = `${process.execPath} --import tsx ${fileURLToPath(new URL('./testing/reference-vendor.ts', import.meta.url))}`;

describe('the reference behind the vendor protocol passes its own catalogs', () => {
  for (const component of PROCESS_COMPONENTS) {
    it(component, async () => {
      const entry = componentEntry(component);
      expect(entry, `component ${component} registered`).toBeDefined();
      const subject = (await loadProcessAdapter(`cmd:${VENDOR}`, component, { validation: 'strict' })) as Adapter<object>;
      try {
        const results = await runCatalog({ catalog: entry!.catalog, subject, oracle: await entry!.reference(), seed: 31337, runs: 12 });
        // Only properties outside the declared capabilities may be skipped (fpga.dma.ring: the
        // ring model is in-process only); everything else must pass over the protocol.
        const caps = subject.capabilities as Readonly<Record<string, boolean>>;
        const outside = new Set(entry!.catalog.filter((p) => p.requires.some((f) => caps[f] !== true)).map((p) => p.id));
        const bad = results.filter((r) => r.status !== 'passed' && r.status !== 'expected-failure' && !(r.status === 'skipped' && outside.has(r.id)));
        expect(bad.map((r) => `${r.id}: ${r.status}: ${(r.message ?? '').slice(0, 400)}`)).toEqual([]);
        expect(results.filter((r) => r.status === 'passed').length, 'some property ran').toBeGreaterThan(0);
      } finally {
        await subject.close?.();
      }
    });
  }
});
