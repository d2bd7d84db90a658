import { AdapterFault } from '../fault.ts';
import { ALL_INBOUND_CAPABILITIES, inboundRolesOf, type InboundAdapter, type InboundCapabilities } from '../inbound.ts';
import { capabilitiesFor } from '../process/capabilities.ts';
import type { Op } from '../process/protocol.ts';
import { ProtocolFault } from '../process/protocol-fault.ts';
import { VendorError, type VendorProcess } from '../process/vendor-process.ts';
import type { VendorSession } from '../process/vendor-session.ts';
import type { InboundAction, InboundEvent, InboundNode, InboundNodeConfig } from '../../reference/inbound/node.ts';

/**
 * InboundAdapter over the vendor protocol (spec/protocol/README.md, inbound.*): each node of a
 * role the vendor declares becomes a proxy object whose events go to the vendor as
 * `inbound.start` / `.submit` / `.mid` / `.message` / `.credit` / `.timer` with the node's id,
 * and whose actions are the reply. One vendor process hosts every node of a tree.
 *
 * A node lives in one vendor process: configured there, used there. After a restart its state
 * is gone, so using it is a fault, never silently a fresh node. Any fault is re-thrown naming
 * the node (id and role) and the event (and the action, when the schema check names one), so the
 * report says which node broke the protocol with what. The runner's hooks (restart, beginCase,
 * observe) are the session's, added by adapters/process/load.ts.
 */
export function createProcessInbound(
  session: VendorSession,
  name: string,
  override?: Readonly<Record<string, boolean>>,
): InboundAdapter {
  // The protocol has no market-data ops: a vendor's `marketData: true` cannot be honoured, so it
  // is dropped (its exchange.market-data.view is skipped, never judged on our feed handler).
  const { marketData: _noMarketDataOps, ...capabilities } = capabilitiesFor<InboundCapabilities>(ALL_INBOUND_CAPABILITIES, session.ready, 'exchange', override);
  if (inboundRolesOf(capabilities).length === 0) {
    void session.close();
    throw new Error(`${name} declares component exchange but none of the roles gateway, proxy, sequencer: there is nothing of it to run`);
  }
  return {
    name,
    component: 'exchange',
    capabilities,
    node(config: InboundNodeConfig): InboundNode | undefined {
      if (!capabilities[config.role]) return undefined;
      return processNode(session, config);
    },
    close: () => session.close(),
  };
}

const OPS: Readonly<Record<InboundEvent['type'], Op>> = {
  start: 'inbound.start',
  submit: 'inbound.submit',
  mid: 'inbound.mid',
  message: 'inbound.message',
  credit: 'inbound.credit',
  timer: 'inbound.timer',
};

/** The event as op params: the node's id plus the event's fields (without `type`). */
export function inboundEventParams(node: string, event: InboundEvent): Record<string, unknown> {
  const { type: _type, ...fields } = event;
  return { node, ...fields };
}

/** How a node is named in faults: `node gateway-3 (gateway)`. */
function describeNode(config: Pick<InboundNodeConfig, 'id' | 'role'>): string {
  return `node ${config.id} (${config.role})`;
}

function processNode(session: VendorSession, config: InboundNodeConfig): InboundNode {
  // Configure at once (requests pipeline); the first event waits for it.
  const configured: Promise<VendorProcess> = session.process().then(async (owner) => {
    await owner.request('inbound.configure', { node: config });
    return owner;
  });
  configured.catch(() => {}); // a node that never gets an event never reports its configure fault
  return {
    config,
    async onEvent(event: InboundEvent): Promise<readonly InboundAction[]> {
      const op = OPS[event.type];
      const params = inboundEventParams(config.id, event);
      try {
        const owner = await configured;
        const live = await session.process();
        if (live !== owner) throw new AdapterFault(`the node was lost when the vendor restarted`, { op, params }, undefined, 'protocol');
        const { actions } = await live.request<{ actions: InboundAction[] }>(op, params);
        return actions;
      } catch (err) {
        const where = `${describeNode(config)}, ${event.type} event ${JSON.stringify(params)}`;
        // A refusal stays a refusal (the subject throwing: a failure), named after its node.
        if (err instanceof VendorError) throw new VendorError(err.code, `${where}: ${err.message}`, err.op);
        if (!(err instanceof AdapterFault)) throw err;
        const message = `${where}: ${err.message}`;
        if (err instanceof ProtocolFault) throw new ProtocolFault(message, err.op, err.violations, err.sent ?? { op, params }, err.stderrTail);
        throw new AdapterFault(message, err.sent ?? { op, params }, err.stderrTail, err.kind);
      }
    },
  };
}
