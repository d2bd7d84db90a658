import { describe, expect, it } from 'vitest';
import * as fairwire from './index.ts';

describe('fairwire (the library entry)', () => {
  it('exports exactly its documented surface', () => {
    expect(Object.keys(fairwire).sort()).toEqual(
      [
        'ALL_FAST_CAPABILITIES', 'ALL_INBOUND_CAPABILITIES', 'ALL_LOQ_CAPABILITIES', 'ALL_MATCHING_CAPABILITIES', 'ALL_MULTICAST_CAPABILITIES',
        'ALL_NET_CAPABILITIES', 'ALL_SEQUENCER_CAPABILITIES', 'AdapterFault', 'ConformUsageError', 'DEFAULT_FAST_VARIANTS', 'DEFAULT_RUNS',
        'ExpectationsError', 'Mismatch', 'ProcessAdapterError', 'SubjectError', 'allComponents', 'assertSameCanonical', 'componentEntry',
        'conform', 'defineProperty', 'exitCodeOf', 'gate', 'gatingFailed', 'loadExpectations', 'loadProcessAdapter', 'loadSubject',
        'namedAdapterNames', 'registerNamedAdapter', 'runCatalog', 'toHtml', 'toJUnitXml', 'validateReport', 'writeReports',
      ].sort(),
    );
  });

  it('catalogs, subjects and the runner work through it: a planted bug fails, the reference passes', async () => {
    expect(fairwire.allComponents().map((c) => c.component)).toEqual(expect.arrayContaining(['fast', 'sequencer', 'matching', 'exchange']));
    const entry = fairwire.componentEntry('sequencer')!;
    const seed = Number(process.env.FAIRWIRE_SEED ?? 7);
    const run = async (spec: string) =>
      fairwire.runCatalog({ catalog: entry.catalog, subject: await fairwire.loadSubject(spec, entry), oracle: await entry.reference(), seed, runs: 30, flakyTries: 1, propertyIds: ['sequencer.safety.'] });
    const good = await run('reference');
    expect(good.length, `seed ${seed}`).toBeGreaterThan(0);
    expect(fairwire.exitCodeOf(good), `seed ${seed}`).toBe(0);
    expect(fairwire.exitCodeOf(await run('mutant:sequencer-tie-by-arrival')), `seed ${seed}`).toBe(1);
  });

  it('conform() is the CLI run as a function, with a schema-valid report', async () => {
    const { report } = await fairwire.conform({ components: ['sequencer'], adapter: 'reference', seed: 1, runs: 5, corpusDir: null });
    expect(report.exitCode).toBe(0);
    expect(() => fairwire.validateReport(report)).not.toThrow();
    await expect(fairwire.conform({ components: ['nope'], adapter: 'reference', seed: 1 })).rejects.toThrow(fairwire.ConformUsageError);
  });
});
