import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapter.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import '../../properties/fast/register.ts';
import { runCatalog } from '../../properties/runner.ts';
import { loadProcessAdapter, PROCESS_COMPONENTS } from './load.ts';

/**
 * Every protocol wrapper end to end: the reference implementations run in a TypeScript vendor
 * process (fixtures/reference-vendor.ts) and must pass their own catalogs over the protocol,
 * in strict validation (every message checked against the schemas, both ways).
 */
const VENDOR = `${process.execPath} --import tsx ${fileURLToPath(new URL('./fixtures/reference-vendor.ts', import.meta.url))}`;

describe('the reference behind the vendor protocol passes its own catalogs', () => {
  for (const component of PROCESS_COMPONENTS) {
    it(component, async () => {
      const entry = componentEntry(component);
      expect(entry, `component ${component} registered`).toBeDefined();
      const subject = (await loadProcessAdapter(`cmd:${VENDOR}`, component, { validation: 'strict' })) as Adapter<object>;
      try {
        const results = await runCatalog({ catalog: entry!.catalog, subject, oracle: await entry!.reference(), seed: 31337, runs: 12 });
        const bad = results.filter((r) => r.status !== 'passed' && r.status !== 'expected-failure');
        expect(bad.map((r) => `${r.id}: ${r.status}: ${(r.message ?? '').slice(0, 400)}`)).toEqual([]);
      } finally {
        await subject.close?.();
      }
    });
  }
});
