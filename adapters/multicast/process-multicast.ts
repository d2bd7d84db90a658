import { AdapterFault } from '../fault.ts';
import { ALL_MULTICAST_CAPABILITIES, type MulticastAdapter, type MulticastCapabilities } from '../multicast.ts';
import { capabilitiesFor } from '../process/capabilities.ts';
import type { Op } from '../process/protocol.ts';
import type { VendorProcess } from '../process/vendor-process.ts';
import type { VendorSession } from '../process/vendor-session.ts';
import type { MulticastNode, NodeAction, NodeConfig, NodeEvent } from '../../reference/multicast/node.ts';

/**
 * MulticastAdapter over the vendor protocol (spec/protocol/README.md, multicast.*): each node of
 * a role the vendor declares becomes a proxy object whose events go to the vendor as
 * `multicast.packet` / `.timer` / `.report` with the node's id, and whose actions are the reply.
 * One vendor process hosts every node of a tree.
 *
 * A node lives in one vendor process: configured there, used there. After a restart its state
 * is gone, so using it is a fault, never silently a fresh node. Any fault is re-thrown naming
 * the node and the event (the action, when the schema check names one), so the report says
 * which node broke the protocol with what.
 */
export function createProcessMulticast(
  session: VendorSession,
  name: string,
  override?: Readonly<Record<string, boolean>>,
): MulticastAdapter {
  const capabilities = capabilitiesFor<MulticastCapabilities>(ALL_MULTICAST_CAPABILITIES, session.ready, 'multicast', override);
  if (!capabilities.proxy && !capabilities.receiver) {
    void session.close();
    throw new Error(`${name} declares multicast but neither the proxy nor the receiver role: there is nothing of it to run`);
  }
  return {
    name,
    component: 'multicast',
    capabilities,
    node(config: NodeConfig): MulticastNode | undefined {
      if (!capabilities[config.role]) return undefined;
      return processNode(session, config);
    },
    close: () => session.close(),
  };
}

const OPS: Readonly<Record<NodeEvent['type'], Op>> = {
  packet: 'multicast.packet',
  timer: 'multicast.timer',
  report: 'multicast.report',
};

/** The event as op params: the node's id plus the event's fields (without `type`). */
export function eventParams(node: string, event: NodeEvent): Record<string, unknown> {
  const { type: _type, ...fields } = event;
  return { node, ...fields };
}

function processNode(session: VendorSession, config: NodeConfig): MulticastNode {
  // Configure at once (requests pipeline); the first event waits for it.
  const configured: Promise<VendorProcess> = session.process().then(async (owner) => {
    await owner.request('multicast.configure', { node: config });
    return owner;
  });
  configured.catch(() => {}); // a node that never gets an event never reports its configure fault
  return {
    config,
    async onEvent(event: NodeEvent): Promise<readonly NodeAction[]> {
      const op = OPS[event.type];
      const params = eventParams(config.id, event);
      try {
        const owner = await configured;
        const live = await session.process();
        if (live !== owner) throw new AdapterFault(`node ${config.id} was lost when the vendor restarted`, { op, params }, undefined, 'crash');
        const { actions } = await live.request<{ actions: NodeAction[] }>(op, params);
        return actions;
      } catch (err) {
        if (!(err instanceof AdapterFault)) throw err;
        throw new AdapterFault(
          `node ${config.id} (${config.role}), ${event.type} event ${JSON.stringify(params)}: ${err.message}`,
          err.sent ?? { op, params },
          err.stderrTail,
          err.kind,
        );
      }
    },
  };
}
