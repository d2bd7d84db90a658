import { strict as assert } from 'node:assert';
import { Given, Then, When } from '@cucumber/cucumber';
import type { MulticastAdapter } from '../../adapters/multicast.ts';
import type { SimulateTreeOptions, StragglerSpec } from '../../reference/multicast/harness.ts';
import { assertExactlyOnce, assertHoldRelease, shareWithin } from '../../properties/multicast/checks.ts';
import { runWith, type Outcome } from '../../properties/multicast/run.ts';
import type { FairwireWorld } from '../support/world.ts';
import { checkPlainly, expectThat } from './expect-that.ts';

/**
 * Outbound fairness steps: a tree, a latency profile, clocks, hold-and-release, stragglers in;
 * the harness's record of every release out. The adapter under test gives the nodes of the
 * roles it implements (FAIRWIRE_ADAPTER_MULTICAST, see support/world.ts); every verdict is
 * judged from what the harness saw, never from what a node says.
 */
interface TreeState {
  options: Omit<SimulateTreeOptions, 'messages' | 'intervalNs' | 'seed'>;
  epsilonNs: number;
  stragglers: StragglerSpec[];
  /** Run the reference's nodes, not the adapter under test (statements about the design itself). */
  reference?: boolean;
  outcome?: Outcome;
}

const SEED = 7;
const US = 1_000;
const MS = 1_000_000;
const states = new WeakMap<FairwireWorld, TreeState>();

function state(w: FairwireWorld): TreeState {
  const s = states.get(w);
  assert.ok(s, 'no tree given (start with "Given N participants behind a tree with fan-out F and depth D")');
  return s;
}

function outcome(w: FairwireWorld): Outcome {
  const o = state(w).outcome;
  assert.ok(o, 'nothing was sent (add "When the exchange sends M messages, one every T µs")');
  return o;
}

/** Scenarios using a feature the adapter does not declare are skipped, not failed. */
async function supports(w: FairwireWorld, feature: 'hedging' | 'spraying' | 'holdRelease'): Promise<boolean> {
  if (states.get(w)?.reference) return true;
  return (await w.adapter<MulticastAdapter>('multicast')).capabilities[feature];
}

Given('{int} participants behind a tree with fan-out {int} and depth {int}', function (this: FairwireWorld, n: number, fanout: number, depth: number) {
  states.set(this, { options: { receivers: n, fanout, depth }, epsilonNs: 0, stragglers: [] });
});

Given("the tree runs the reference's nodes", function (this: FairwireWorld) {
  state(this).reference = true;
});

Given('links that take {int} µs plus lognormal jitter with a median of {int} µs', function (this: FairwireWorld, base: number, median: number) {
  const s = state(this);
  s.options = { ...s.options, latency: { kind: 'lognormal', baseNs: base * US, jitterMedianNs: median * US } };
});

Given('clocks synchronized within ε = {int} ns', function (this: FairwireWorld, eps: number) {
  const s = state(this);
  s.epsilonNs = eps;
  s.options = { ...s.options, clocks: { epsilonNs: eps } };
});

Given(
  'hold-and-release with {int} µs of headroom, receivers reporting their p{int} delay every {int} ms',
  async function (this: FairwireWorld, headroom: number, percentile: number, every: number) {
    if (!(await supports(this, 'holdRelease'))) return 'skipped';
    const s = state(this);
    s.options = { ...s.options, holdRelease: { headroomNs: headroom * US, percentile, reportIntervalNs: every * MS } };
    return undefined;
  },
);

Given(/^proxies hedge with H = (\d+)( and spray round-robin)?$/, async function (this: FairwireWorld, h: string, spray?: string) {
  if (!(await supports(this, 'hedging')) || (spray && !(await supports(this, 'spraying')))) return 'skipped';
  const s = state(this);
  s.options = { ...s.options, hedge: Number(h), spraying: spray !== undefined };
  return undefined;
});

Given(
  'proxy {word} straggles by {int} µs for {int} ms every {int} ms from {int} ms on',
  function (this: FairwireWorld, node: string, extra: number, width: number, every: number, from: number) {
    const s = state(this);
    // Windows up to 1 s of simulated time: far past any scenario's last message.
    for (let t = from; t < 1_000; t += every) s.stragglers.push({ node, extraNs: extra * US, startNs: t * MS, endNs: (t + width) * MS });
  },
);

// A vendor over a pipe answers each of some 10^5 events in turn: minutes, not the default 5 s.
When('the exchange sends {int} messages, one every {int} µs', { timeout: 300_000 }, async function (this: FairwireWorld, messages: number, every: number) {
  const s = state(this);
  const adapter = s.reference ? await this.reference<MulticastAdapter>('multicast') : await this.adapter<MulticastAdapter>('multicast');
  s.outcome = await runWith(adapter, {
    ...s.options,
    seed: SEED,
    messages,
    intervalNs: every * US,
    ...(s.stragglers.length ? { stragglers: s.stragglers } : {}),
    record: 'messages',
  });
});

Then('every participant releases every message exactly once', async function (this: FairwireWorld) {
  await checkPlainly(() => assertExactlyOnce(outcome(this)), 'A participant that misses a message trades on a stale book; one that gets it twice may act twice.');
});

Then('at least {int}% of messages reach every participant within {int} µs of each other', function (this: FairwireWorld, pct: number, us: number) {
  const share = shareWithin(outcome(this), us * US);
  expectThat(share >= pct, () => `only ${share.toFixed(1)}% of messages reached every participant within ${us} µs of each other; at least ${pct}% must, or some participants keep seeing market data before others`);
});

Then('fewer than {int}% of messages reach every participant within {int} µs of each other', function (this: FairwireWorld, pct: number, us: number) {
  const share = shareWithin(outcome(this), us * US);
  expectThat(share < pct, () => `this scenario shows an unfairness (fewer than ${pct}% of messages within ${us} µs), yet ${share.toFixed(1)}% reached every participant within ${us} µs of each other: it no longer shows the effect it documents`);
});

Then('every message whose copies all arrived by its deadline is released within 2ε of the deadline by everyone', async function (this: FairwireWorld) {
  // The exact rule (release at max(arrival, deadline) on the receiver's clock) implies the 2ε bound.
  await checkPlainly(() => assertHoldRelease(state(this).epsilonNs, outcome(this)), 'Hold-and-release exists so that nobody sees market data before the others.');
});

Then('the participants released late are exactly those whose first copy arrived after the deadline', function (this: FairwireWorld) {
  const o = outcome(this);
  let late = 0;
  for (const m of o.perMessage) {
    const deadline = m.deadline;
    assert.ok(deadline !== null, `message ${m.msg} carries no deadline`);
    for (const r of m.receivers) {
      const onTime: boolean = Math.min(...r.arrivals) + r.clockOffsetNs <= deadline;
      const releasedLate: boolean = r.releaseTrue !== null && r.releaseTrue + r.clockOffsetNs > deadline;
      expectThat(releasedLate === !onTime, () => `participant ${r.id}, message ${m.msg}: its first copy arrived ${onTime ? 'in time, yet it was released after the deadline' : 'after the deadline, yet it was released by the deadline'}. Hold-and-release must release every on-time copy at the deadline, so that nobody sees the message first`);
      if (!onTime) late++;
    }
  }
  // Non-vacuous: the profile's tail must make some receiver late, or the step proves nothing.
  assert.ok(late > 0, 'no receiver was ever late: the scenario does not exercise the late path');
});
