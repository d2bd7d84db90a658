import { AdapterFault } from '../../adapters/fault.ts';
import type { MatchingAdapter, MatchingEvent } from '../../adapters/matching.ts';
import type { ExchangeEngine } from '../../reference/sim/exchange/simulate.ts';

/**
 * A MatchingAdapter (`conform --component matching`'s contract: reset, apply → events) as the
 * whole exchange's engine: one session with the simulation's one symbol, each command applied
 * in turn and its events handed to the simulation (level events feed market data, trades the
 * matching rate). Asynchronous, so the simulation queues commands behind it. A vendor fault, or an
 * answer that is not a list of events, is an AdapterFault naming the matching engine.
 */
export function matchingEngineBridge(adapter: MatchingAdapter, symbol: string): () => ExchangeEngine {
  return () => {
    let ready: Promise<void> | null = null;
    const named = (err: unknown, what: string): AdapterFault => {
      const where = `matching engine ${adapter.name} (--matching), ${what}`;
      if (err instanceof AdapterFault) return new AdapterFault(`${where}: ${err.message}`, err.sent, err.stderrTail, err.kind);
      return new AdapterFault(`${where}: ${(err as Error)?.message ?? String(err)}`);
    };
    return {
      async applyTo(command: unknown, sink: (event: MatchingEvent) => void): Promise<void> {
        ready ??= Promise.resolve().then(() => adapter.reset({ symbols: [{ symbol, tickSize: 1 }] }));
        try {
          await ready;
        } catch (err) {
          throw named(err, 'reset');
        }
        let events: unknown;
        try {
          events = await adapter.apply(command);
        } catch (err) {
          throw named(err, `apply ${JSON.stringify(command)}`);
        }
        if (!Array.isArray(events)) throw named(new Error(`answered ${JSON.stringify(events)}, not a list of events`), `apply ${JSON.stringify(command)}`);
        for (const e of events as MatchingEvent[]) sink(e);
      },
    };
  };
}
