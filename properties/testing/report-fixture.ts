import { summarize, TOOL_VERSION, type RunReport } from '../report.ts';
import type { PropertyResult } from '../runner.ts';

/**
 * A run report carrying every field issue 12 added (tries and status flaky, an explanation with a
 * timeline, a stderr tail, the requests of a fault case, further findings, variants), for the
 * rendering tests of report.ts and cli/commands/conform-summary.ts.
 */
export function issue12Report(): RunReport {
  const explanation = {
    summary: 'order c1, stamped 1500, was released at 1600 before a1, stamped 1100; a1 waited at proxy P1 for participant B',
    details: ['B\'s last message by 1600 was a dummy stamped 1000 (arrived at 1050)'],
    timeline: [
      { at: 1200, where: 'P1', what: 'order a1 (stamp 1100) arrives', highlight: true },
      { at: 1550, where: 'P2', what: 'order c1 (stamp 1500) arrives' },
      { at: 1600, where: 'subject', what: 'releases c1 (stamp 1500)', highlight: true },
    ],
  };
  const results: PropertyResult[] = [
    { id: 'toy.a.passes', component: 'toy', title: 'passes', status: 'passed', runs: 100, runsAsked: 100, seed: 1, durationMs: 5 },
    {
      id: 'toy.b.flaky',
      component: 'toy',
      title: 'a racy vendor',
      status: 'flaky',
      runs: 12,
      runsAsked: 100,
      seed: -7,
      path: '3:1',
      counterexample: { value: 3 },
      counterexampleData: '{"value":3}',
      message: 'sum differs: value differs at total: expected 6, got 7\n  expected: {"items":[1,2,3],"total":6}\n  actual:   {"items":[1,2,3],"total":7}',
      signature: 'value-differs at total',
      replay: "npx fairwire conform --component toy --property toy.b.flaky '--replay=-7:3:1'",
      tries: { failed: 2, of: 3 },
      explanation,
      stderrTail: Array.from({ length: 30 }, (_, i) => `log line ${i + 1}`).join('\n'),
      durationMs: 40,
      findings: [
        {
          status: 'failed',
          signature: 'missing at items[]',
          message: 'items: missing at items[2] (expected 3)',
          seed: 11,
          path: '0',
          counterexample: { value: 5 },
          replay: 'npx fairwire conform --component toy --property toy.b.flaky --replay 11:0',
          explanation: { summary: 'the third item was dropped' },
        },
      ],
    },
    {
      id: 'toy.c.fault',
      component: 'toy',
      title: 'a hanging vendor',
      status: 'fault',
      runs: 1,
      runsAsked: 100,
      seed: 5,
      message: 'adapter fault: vendor did not answer within 5000 ms',
      signature: 'adapter-fault',
      requests: Array.from({ length: 5 }, (_, i) => ({ seq: i + 1, op: 'toy.apply', value: i })),
      stderrTail: 'starting\nlooping forever',
      durationMs: 5000,
    },
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'fairwire', version: TOOL_VERSION },
    command: 'npx fairwire conform --component toy',
    seed: 42,
    runs: null,
    shard: null,
    adapter: { spec: 'cmd:./vendor', name: 'vendor' },
    components: ['toy'],
    startedAt: '2026-12-07T21:00:00.000Z',
    durationMs: 5045,
    results,
    gating: null,
    summary: summarize(results),
    exitCode: 3,
    variants: ['fast.null-under-tail-initial=absent'],
  };
}
