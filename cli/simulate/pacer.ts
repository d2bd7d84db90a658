/**
 * Progress and Ctrl-C inside one harness run. The harness uses a node's synchronous answer
 * synchronously and only awaits a Promise, so a run of reference nodes never gives the event loop
 * a turn: no progress line, no SIGINT. We wrap ONE node (the first receiver) so that it sees
 * every message id go by and, every PACE_MS of wall time, answers with a Promise that resolves
 * on the next event-loop turn. The answers themselves are the node's own, unchanged, so the
 * simulation's result does not depend on the wrapping.
 */
import type { MulticastNode, NodeAction, NodeConfig, NodeEvent } from '../../reference/multicast/node.ts';
import { ReceiverNode } from '../../reference/multicast/receiver-node.ts';

const PACE_MS = 100;

/** A run stopped by Ctrl-C or a closed stdout; simulateTree rejects with it. */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
  constructor(readonly messagesSeen: number) {
    super(`interrupted after ~${messagesSeen} messages`);
  }
}

export interface PaceHooks {
  /** The highest message id the paced node has seen + 1 (a progress figure). */
  progress(messagesSeen: number): void;
  /** True to stop the run at the next turn. */
  stopped(): boolean;
}

type Factory = (config: NodeConfig) => MulticastNode | undefined;

/** `paceMs`: wall time between two event-loop turns (tests pass 0: a turn at every event). */
export function pacedFactory(inner: Factory | undefined, hooks: PaceHooks, paceMs = PACE_MS): Factory {
  return (config) => {
    const custom = inner?.(config);
    if (config.role !== 'receiver' || config.layerIndex !== 0) return custom;
    const node = custom ?? new ReceiverNode(config);
    return new PacedNode(node, hooks, paceMs);
  };
}

class PacedNode implements MulticastNode {
  private seen = 0;
  private last = Date.now();

  constructor(
    private readonly inner: MulticastNode,
    private readonly hooks: PaceHooks,
    private readonly paceMs: number,
  ) {}

  get config(): NodeConfig {
    return this.inner.config;
  }

  onEvent(e: NodeEvent): readonly NodeAction[] | Promise<readonly NodeAction[]> {
    if (e.type === 'packet' && e.packet.msg >= this.seen) this.seen = e.packet.msg + 1;
    const answer = this.inner.onEvent(e);
    const now = Date.now();
    if (now - this.last < this.paceMs) return answer;
    this.last = now;
    return (async () => {
      const actions = await answer;
      await new Promise((resolve) => setImmediate(resolve));
      this.hooks.progress(this.seen);
      if (this.hooks.stopped()) throw new RunInterrupted(this.seen);
      return actions;
    })();
  }
}
