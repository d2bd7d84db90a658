/**
 * The inbound.* ops answered by reference/inbound's nodes: the handlers of a TypeScript vendor
 * that serves the reference over the protocol (adapters/process/testing/reference-vendor.ts,
 * which serves every component). One map of nodes per process, by node id.
 */
import { referenceInboundNode } from '../../../reference/inbound/reference-node.ts';
import type { InboundEvent, InboundNode, InboundNodeConfig } from '../../../reference/inbound/node.ts';

type Params = Record<string, unknown>;

const nodes = new Map<string, InboundNode>();

/** An inbound op's params as the node's event: the op names the type, `node` names the node. */
function event(type: InboundEvent['type'], p: Params): unknown {
  const { node: id, ...fields } = p;
  const node = nodes.get(id as string);
  if (!node) throw Object.assign(new Error(`no node ${String(id)} configured`), { code: 'bad-request' });
  return { actions: node.onEvent({ type, ...fields } as InboundEvent) };
}

export const INBOUND_REFERENCE_HANDLERS: Readonly<Record<string, (p: Params) => unknown>> = {
  'inbound.configure': (p) => (nodes.set((p.node as InboundNodeConfig).id, referenceInboundNode(p.node as InboundNodeConfig)), null),
  'inbound.start': (p) => event('start', p),
  'inbound.submit': (p) => event('submit', p),
  'inbound.mid': (p) => event('mid', p),
  'inbound.message': (p) => event('message', p),
  'inbound.credit': (p) => event('credit', p),
  'inbound.timer': (p) => event('timer', p),
};
