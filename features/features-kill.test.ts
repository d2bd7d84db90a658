import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Gherkin scenarios can fail: cucumber runs as a child process (its support code is loaded
 * through tsx, as operators run it) against the reference, where everything passes, and against
 * mutants, where the scenarios written for their bug fail — and only those, so the failure is
 * the assertion, not a crash.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CUCUMBER = 'node_modules/@cucumber/cucumber/bin/cucumber.js';

interface CucumberRun {
  readonly code: number;
  readonly failed: string[];
  readonly summary: string;
  readonly output: string;
}

// Per-component overrides from the caller's shell would change what the children test.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FAIRWIRE_ADAPTER')));

function cucumber(adapter: string, features: readonly string[]): Promise<CucumberRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CUCUMBER, '-c', 'features/cucumber-only.mjs', ...features],
      { cwd: ROOT, env: { ...inherited, FAIRWIRE_ADAPTER: adapter, NODE_OPTIONS: '' }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const failed = [...output.matchAll(/^\d+\) Scenario(?: Outline)?: (.+?) # /gm)].map((m) => m[1]!);
        resolve({ code, failed, summary: /^\d+ scenarios? \(.*\)$/m.exec(output)?.[0] ?? '(no summary)', output });
      },
    );
  });
}

const SEQ = 'features/sequencer-fairness.feature';
const LOQ = 'features/loq-fairness.feature';
const MATCHING = 'features/matching.feature';
const CATALOGS = 'features/property-catalogs.feature';
const EXCHANGE = 'features/exchange-fairness.feature';

// Started together: four cucumber processes share the cores instead of queueing.
const runs = {
  reference: cucumber('reference', [SEQ, LOQ, MATCHING, CATALOGS, EXCHANGE]),
  tieByArrival: cucumber('mutant:sequencer-tie-by-arrival', [SEQ]),
  noEpoch: cucumber('mutant:loq-no-epoch', [LOQ]),
  modifyKeepsPriority: cucumber('mutant:matching-modify-increase-keeps-priority', [MATCHING]),
  proxyDummyClock: cucumber('mutant:exchange-proxy-dummy-clock', [EXCHANGE]),
};
// Keep unhandled-rejection noise away if a test is filtered out.
for (const r of Object.values(runs)) r.catch(() => undefined);

describe('fairness features', () => {
  it('pass against the reference', async () => {
    const r = await runs.reference;
    expect(r.failed, r.output).toEqual([]);
    expect(r.code, r.output).toBe(0);
    expect(r.summary).toMatch(/^\d+ scenarios \(\d+ passed\)$/);
  });

  it('catch a sequencer that breaks timestamp ties by arrival', async () => {
    const r = await runs.tieByArrival;
    expect(r.code, r.output).not.toBe(0);
    expect(r.failed.sort()).toEqual([
      'equal stamps are broken by participant id, not by who arrived first',
      'heartbeats are dropped at release and every order comes out exactly once',
    ]);
  });

  it('catch an LOQ without the mid-price epoch', async () => {
    const r = await runs.noEpoch;
    expect(r.code, r.output).not.toBe(0);
    // The pipeline now checks each pop's epoch against what was pushed, so the backlog scenario
    // (a mid change while gateway 0 holds orders back) catches the missing epoch as well.
    expect(r.failed.sort()).toEqual([
      'Appendix I holds through a gateway backlog and uneven links',
      'Appendix I holds when every gateway sees the mid-price change at once',
      'a mid price that comes back to an old value still starts a new epoch',
      'the claim fails when one gateway sees the mid-price change late',
      'the queue pops by (epoch, critical, timestamp, participant) across a mid-price change',
    ]);
  });

  it('catch a matching engine whose size-increasing modify keeps priority', async () => {
    const r = await runs.modifyKeepsPriority;
    expect(r.code, r.output).not.toBe(0);
    expect(r.failed).toEqual(['a modify that increases size loses priority, one that decreases it keeps it']);
  });

  it('catch an inbound proxy whose dummies carry its clock', async () => {
    const r = await runs.proxyDummyClock;
    expect(r.code, r.output).not.toBe(0);
    // The whole exchange sees it too: orders overtaken by far more than the clocks' 2ε.
    expect(r.failed.sort()).toEqual([
      'the whole exchange with 1000 participants stays fair under a burst',
      'without LOQ, 64 participants three layers deep keep timestamp order',
      'without LOQ, a tree of three proxies releases orders in timestamp order',
    ]);
  });
});
