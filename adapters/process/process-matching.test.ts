import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALL_MATCHING_CAPABILITIES, matchingCapabilitiesOf, type MatchingAdapter } from '../matching.ts';
import { referenceMatchingAdapter } from '../reference/matching.ts';
import { noSelfTrade } from '../../properties/matching/catalog.ts';
import { runCatalog } from '../../properties/runner.ts';
import { createProcessMatching } from './process-matching.ts';
import { VendorSession } from './vendor-session.ts';

/**
 * Issue 12, point 7 (matching): capabilities with the granularity vendors need. A vendor that
 * declares one STP mode gets flows with only that mode (or none) and its STP property runs;
 * the old `stp: true` still means all four modes.
 */
const MATCHING = fileURLToPath(new URL('../examples/python/matching.py', import.meta.url));
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun with FAIRWIRE_SEED=${SEED})`;

/** The Python example, told (as a manifest would) that it supports only cancel-newest STP. */
let newestOnly: MatchingAdapter;
let declared: MatchingAdapter;
beforeAll(async () => {
  newestOnly = createProcessMatching(await VendorSession.open({ command: 'python3', args: [MATCHING] }), 'python-newest-only', { ioc: true, modify: true, stpCancelNewest: true });
  declared = createProcessMatching(await VendorSession.open({ command: 'python3', args: [MATCHING] }), 'python-example-matching');
});
afterAll(async () => {
  await newestOnly.close?.();
  await declared.close?.();
});

const stpValues = (caps: MatchingAdapter['capabilities']) => {
  const seen = new Set<string>();
  for (const flow of fc.sample(noSelfTrade.arbitrary(caps), { numRuns: 300, seed: SEED })) {
    for (const c of flow.commands as Record<string, unknown>[]) if (c.type === 'new') seen.add(String(c.stp ?? 'none'));
  }
  return seen;
};

describe('matching capabilities per STP mode, FOK on market orders and decrease priority', () => {
  it('`stp: true` declares all four modes; a single mode declares only itself; stp says whether any is declared', () => {
    expect(matchingCapabilitiesOf({ stp: true })).toMatchObject({ stp: true, stpCancelNewest: true, stpCancelOldest: true, stpCancelBoth: true, stpDecrementAndCancel: true });
    expect(matchingCapabilitiesOf({ stpCancelOldest: true })).toMatchObject({ stp: true, stpCancelNewest: false, stpCancelOldest: true, stpCancelBoth: false, stpDecrementAndCancel: false });
    expect(matchingCapabilitiesOf({ market: true, unknown: true })).toEqual({ ...Object.fromEntries(Object.keys(ALL_MATCHING_CAPABILITIES).map((k) => [k, false])), market: true });
  });

  it('the Python example declares every flag it supports, flag by flag', () => {
    expect(declared.capabilities).toEqual(ALL_MATCHING_CAPABILITIES);
  });

  it('a vendor declaring only stpCancelNewest gets only none/cancel-newest, and its STP property runs and passes', async () => {
    expect(newestOnly.capabilities).toMatchObject({ stp: true, stpCancelNewest: true, stpCancelOldest: false, stpCancelBoth: false, stpDecrementAndCancel: false });
    expect([...stpValues(newestOnly.capabilities)].sort(), note).toEqual(['cancel-newest', 'none']);
    const [r] = await runCatalog({ catalog: [noSelfTrade], subject: newestOnly, oracle: referenceMatchingAdapter(), seed: SEED, runs: 30 });
    expect(r!.status, `${r!.reason ?? r!.message ?? ''} ${note}`).toBe('passed');
    expect(r!.runs).toBe(30);
  });

  it('the reference gets every mode', () => {
    expect([...stpValues(ALL_MATCHING_CAPABILITIES)].sort(), note).toEqual(['cancel-both', 'cancel-newest', 'cancel-oldest', 'decrement-and-cancel', 'none']);
  });
});
