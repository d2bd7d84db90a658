// "Your" sequencer, in process: a Jasper sequencer (one FIFO per participant; while every FIFO
// holds something, the head with the smallest (timestamp, participant) leaves — released if it is
// an order, dropped if it is a heartbeat). It declares `jasper` only, so the catalog's tree and
// CloudEx properties are skipped with their reason.

class Jasper {
  constructor(participants) {
    this.queues = Array.from({ length: participants }, () => []);
    this.released = [];
  }
  put(participant, timestamp, id, heartbeat) {
    this.queues[participant].push({ participant, timestamp, id, heartbeat });
    while (this.queues.every((q) => q.length > 0)) {
      let best = this.queues[0];
      for (const q of this.queues) {
        const a = q[0], b = best[0];
        if (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.participant < b.participant)) best = q;
      }
      const head = best.shift();
      if (!head.heartbeat) this.released.push({ participant: head.participant, timestamp: head.timestamp, id: head.id });
    }
  }
  enqueue(_now, participant, timestamp, id) {
    this.put(participant, timestamp, id, false);
  }
  heartbeat(_now, participant, timestamp) {
    this.put(participant, timestamp, -1, true);
  }
  tick(_now) {}
  drain() {
    const out = this.released;
    this.released = [];
    return out;
  }
}

/** The adapter fairwire checks: `createAdapter(component)`, as `--adapter ./my-sequencer.mjs` loads it too. */
export function createAdapter(component) {
  if (component !== 'sequencer') return undefined;
  return {
    name: 'my-sequencer',
    component: 'sequencer',
    capabilities: { jasper: true, tree: false, cloudex: false },
    create(config) {
      if (config.kind !== 'jasper') throw new Error(`only the flat Jasper sequencer, not ${config.kind}`);
      return new Jasper(config.participants);
    },
  };
}
