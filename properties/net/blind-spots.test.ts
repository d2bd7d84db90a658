import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { referenceNetAdapter } from '../../adapters/reference/net.ts';
import { netDropReasonMiscounted } from '../../adapters/mutants/net-drop-reason-miscounted.ts';
import { Mismatch } from '../mismatch.ts';
import { partition } from './catalog.ts';
import { legacySteerPartition } from './testing/legacy-steer-check.ts';

/**
 * Issue 10, point 7: net.steer.partition took its counter keys from the subject's own verdicts,
 * so a stack that drops for the wrong reason and counts under it agreed with itself. The old
 * check (testing/legacy-steer-check.ts) passes such a mutant; the fixed property, which tallies
 * the reference's verdicts, kills it.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const note = `(seed ${SEED}; rerun with FAIRWIRE_SEED=${SEED})`;

describe('net.steer.partition counts by the reference verdicts', () => {
  it(`the old check passes ${netDropReasonMiscounted.name}`, async () => {
    const subject = await netDropReasonMiscounted.create();
    const oracle = referenceNetAdapter();
    const r = await fc.check(
      fc.asyncProperty(partition.arbitrary(subject.capabilities), (input) => legacySteerPartition(subject, oracle, input)),
      { seed: SEED, numRuns: 200 },
    );
    expect(r.failed, `${note} ${String(r.errorInstance)}`).toBe(false);
  });

  it(`net.steer.partition kills ${netDropReasonMiscounted.name}: the miscounted reason is named`, async () => {
    const subject = await netDropReasonMiscounted.create();
    const oracle = referenceNetAdapter();
    for (const seed of [SEED, SEED + 1, SEED + 2]) {
      const r = await fc.check(
        fc.asyncProperty(partition.arbitrary(subject.capabilities), async (input) => { await partition.check(subject, oracle, input); }),
        { seed, numRuns: 100 },
      );
      expect(r.failed, `seed ${seed} ${note}`).toBe(true);
      expect(r.errorInstance, `seed ${seed} ${note}`).toBeInstanceOf(Mismatch);
      const m = r.errorInstance as Mismatch;
      // The reference counts not-joined where the mutant counts port-closed: whichever the
      // canonical diff meets first.
      expect(['missing at counters.fast.not-joined', 'missing at counters.slow.not-joined', 'value-differs at counters.fast.not-joined', 'value-differs at counters.slow.not-joined', 'value-differs at counters.fast.port-closed', 'value-differs at counters.slow.port-closed', 'extra at counters.fast.port-closed', 'extra at counters.slow.port-closed'], `seed ${seed} ${note}: ${m.message}`).toContain(m.signature());
    }
  });
});
