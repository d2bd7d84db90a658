import type { CaseFigures, FigureSpecs } from '../figures.ts';
import type { CaseRun } from './run.ts';

/**
 * What the inbound exchange properties measure on a passing case, from the harness's own record
 * of every order (true submit time, true release to the matching engine) — never a node's account.
 * - inbound latency: release to the matching engine − submit, true ns, one sample an order;
 * - fairness spread: the largest minus the smallest inbound latency of the case's orders (how
 *   unequal the path was across participants), one sample a case.
 */
export const EXCHANGE_FIGURES: FigureSpecs = {
  'inbound-latency': { title: 'submit to the matching engine, per order', unit: 'ns' },
  'fairness-spread': { title: 'largest − smallest inbound latency of a case', unit: 'ns' },
};

export function measureExchange(_input: unknown, run: CaseRun): CaseFigures {
  const latency: number[] = [];
  for (const r of run.result.records.values()) if (!Number.isNaN(r.releasedTrue)) latency.push(r.releasedTrue - r.submitTrue);
  if (latency.length === 0) return {};
  return { 'inbound-latency': latency, 'fairness-spread': Math.max(...latency) - Math.min(...latency) };
}
