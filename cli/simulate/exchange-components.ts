/**
 * `simulate exchange`'s vendor components: --matching, --loq-adapter and --sequencer loaded as the
 * adapters `conform --component matching|loq|sequencer` tests (properties/subject.ts), checked
 * against what the path needs of them, and turned into the simulation's engine and inbound nodes
 * (the bridges in adapters/inbound/ and exchange-matching-bridge.ts).
 */
import type { Adapter } from '../../adapters/adapter.ts';
import { AdapterFault } from '../../adapters/fault.ts';
import type { InboundAdapter, InboundNode, InboundNodeConfig } from '../../adapters/inbound.ts';
import { loqGatewayNode } from '../../adapters/inbound/loq-gateway-bridge.ts';
import { sequencerRootNode } from '../../adapters/inbound/sequencer-root-bridge.ts';
import type { LoqAdapter } from '../../adapters/loq.ts';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import type { SequencerAdapter } from '../../adapters/sequencer.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { loadSubject, SubjectError } from '../../properties/subject.ts';
import { EXCHANGE_SYMBOL, type ExchangeEngine } from '../../reference/sim/exchange/simulate.ts';
import { CommandFailure, EXIT, UsageError } from '../command.ts';
import { matchingEngineBridge } from './exchange-matching-bridge.ts';

export interface ExchangeComponents {
  readonly matching?: MatchingAdapter;
  readonly loq?: LoqAdapter;
  readonly sequencer?: SequencerAdapter;
}

/** The specs as given on the command line (undefined: the reference's component, built in). */
export interface ExchangeComponentSpecs {
  readonly matching?: string | undefined;
  readonly loq?: string | undefined;
  readonly sequencer?: string | undefined;
}

async function load<A extends Adapter<object>>(option: string, component: string, spec: string): Promise<A> {
  const entry = componentEntry(component);
  if (!entry) throw new UsageError(`${option}: component ${component} is not registered in this build`);
  try {
    return (await loadSubject(spec, entry)) as A;
  } catch (err) {
    if (err instanceof SubjectError) throw new UsageError(`${option}: ${err.message}`);
    if (err instanceof AdapterFault) throw new CommandFailure(`adapter fault in ${option} (${component}): ${err.message}${err.stderrTail ? `\n--- stderr tail ---\n${err.stderrTail}` : ''}`, EXIT.adapterFault);
    throw err;
  }
}

/**
 * Loads every component given, checks each declares what the path needs (else a usage error
 * naming the capability), and closes what it loaded if any check fails.
 * `queues`: the runs asked for (--loq, --fifo, --compare).
 */
export async function loadExchangeComponents(specs: ExchangeComponentSpecs, queues: readonly ('loq' | 'fifo')[]): Promise<ExchangeComponents> {
  const loaded: Adapter<object>[] = [];
  try {
    const out: { matching?: MatchingAdapter; loq?: LoqAdapter; sequencer?: SequencerAdapter } = {};
    if (specs.sequencer !== undefined && queues.includes('loq')) {
      throw new UsageError('--sequencer needs --fifo: a Jasper sequencer merges by timestamp, and under LOQ the root must merge class-aware (spec/exchange/loq.md)');
    }
    if (specs.matching !== undefined) {
      const m = await load<MatchingAdapter>('--matching', 'matching', specs.matching);
      loaded.push(m);
      // Market data is built from level events; momentum takers send IOC orders.
      const lacks = (['marketData', 'ioc'] as const).filter((c) => !m.capabilities[c]);
      if (lacks.length > 0) throw new UsageError(`--matching: ${m.name} does not declare ${lacks.join(', ')}, which the whole exchange needs (level events feed market data; momentum takers send IOC orders)`);
      out.matching = m;
    }
    if (specs.loq !== undefined) {
      const q = await load<LoqAdapter>('--loq-adapter', 'loq', specs.loq);
      loaded.push(q);
      if (queues.includes('loq') && !q.capabilities.loq) throw new UsageError(`--loq-adapter: ${q.name} does not declare loq (the LOQ itself); with --fifo its SimplePQ is used`);
      if (queues.includes('fifo') && !q.capabilities.simplePq) throw new UsageError(`--loq-adapter: ${q.name} does not declare simplePq, which a --fifo run uses`);
      out.loq = q;
    }
    if (specs.sequencer !== undefined) {
      const s = await load<SequencerAdapter>('--sequencer', 'sequencer', specs.sequencer);
      loaded.push(s);
      if (!s.capabilities.jasper) throw new UsageError(`--sequencer: ${s.name} does not declare jasper, the sequencer the inbound root runs`);
      out.sequencer = s;
    }
    return out;
  } catch (err) {
    await Promise.all(loaded.map((a) => a.close?.()));
    throw err;
  }
}

/** The engine factory for the simulation (undefined: the reference engine, synchronous). */
export function exchangeEngine(c: ExchangeComponents): (() => ExchangeEngine) | undefined {
  return c.matching ? matchingEngineBridge(c.matching, EXCHANGE_SYMBOL) : undefined;
}

/**
 * The inbound nodes of every role that is not the reference's: --adapter's roles, the gateways'
 * queue from --loq-adapter, the root from --sequencer. Two sources for one role is a usage error.
 * Undefined when every node is the reference's.
 */
export function exchangeInboundNodes(inbound: InboundAdapter | undefined, c: ExchangeComponents): ((config: InboundNodeConfig) => InboundNode | undefined) | undefined {
  if (inbound?.capabilities.gateway && c.loq) throw new UsageError(`--loq-adapter and --adapter both give the gateways (${inbound.name} declares the gateway role): give the LOQ through one of them`);
  if (inbound?.capabilities.sequencer && c.sequencer) throw new UsageError(`--sequencer and --adapter both give the root (${inbound.name} declares the sequencer role)`);
  if (!inbound && !c.loq && !c.sequencer) return undefined;
  const { loq, sequencer } = c;
  return (config) => {
    if (config.role === 'gateway' && loq) return loqGatewayNode(loq, config);
    if (config.role === 'sequencer' && sequencer) return sequencerRootNode(sequencer, config);
    return inbound?.node(config);
  };
}

/** With --sequencer the tree is flat (the gateways are the root's children, Jasper's inputs). */
export function exchangeInboundFanout(participants: number, c: ExchangeComponents): number | undefined {
  return c.sequencer ? Math.max(2, participants) : undefined;
}

export async function closeExchangeComponents(c: ExchangeComponents): Promise<void> {
  await Promise.all([c.matching?.close?.(), c.loq?.close?.(), c.sequencer?.close?.()]);
}
