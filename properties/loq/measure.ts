import type { CaseFigures, FigureSpecs } from '../figures.ts';
import type { BuiltFlow } from './build-flow.ts';
import type { PipelineResult } from './pipeline.ts';
import type { PopCaseRecord } from './pop-record.ts';

/**
 * What the LOQ properties measure on a passing case, from the harness's own log (pop cases) or
 * its record of the pipeline (trace, trades from the reference matching engine) — never from the
 * subject's account. One sample a case unless said.
 */
export const LOQ_POP_FIGURES: FigureSpecs = {
  pops: { title: 'orders popped, per case', unit: 'orders' },
  epochs: { title: 'epochs the case went through (mid-price moves out of the window + 1)', unit: 'epochs' },
  'queue-depth': { title: 'most orders queued at once, per case', unit: 'orders' },
};

export function measurePops(_input: unknown, rec: PopCaseRecord): CaseFigures {
  let pops = 0;
  let epoch = 0;
  let held = 0;
  let most = 0;
  for (const e of rec.events) {
    if (e.op === 'pop') {
      if (e.id !== null) {
        pops++;
        held--;
      }
    } else if (e.op === 'mid') epoch = Math.max(epoch, e.epoch);
    else most = Math.max(most, ++held);
  }
  // SimplePQ has one epoch whatever the mid does: its epochs would say nothing.
  return { pops, ...(rec.kind === 'loq' ? { epochs: epoch + 1 } : {}), 'queue-depth': most };
}

export const LOQ_PIPELINE_FIGURES: FigureSpecs = {
  epochs: { title: 'epochs of the flow, per case', unit: 'epochs' },
  pops: { title: 'LOQ pops at every gateway and proxy, per case', unit: 'orders' },
  trades: { title: 'trades of the reference matching engine, per case', unit: 'trades' },
  'exchange-delay': { title: 'order reaches the matching engine after its timestamp, per order', unit: 'time units' },
};

export function measurePipeline(_input: unknown, o: { readonly flow: BuiltFlow; readonly got: PipelineResult }): CaseFigures {
  let pops = 0;
  for (const list of o.got.trace.pops.values()) pops += list.length;
  const delay: number[] = [];
  for (const [id, at] of o.got.trace.processedAt) {
    const order = o.flow.orders[id];
    if (order) delay.push(at - order.timestamp);
  }
  return { epochs: o.flow.starts.length, pops, trades: o.got.trades.length, 'exchange-delay': delay };
}
