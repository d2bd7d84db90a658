import { describe, expect, it } from 'vitest';
import { GatewayNode, HEARTBEAT_TIMER } from './gateway-node.ts';
import { DUMMY_TIMER, MergeNode } from './merge-node.ts';
import type { InboundAction, InboundMessage, InboundNodeConfig } from './node.ts';

const gw = (o: Partial<InboundNodeConfig> = {}): InboundNodeConfig => ({
  id: 'gateway-3', role: 'gateway', depth: 2, parent: 'proxy-0', children: [], participant: 3, participants: 4, heartbeatPeriodNs: 100, uplinkCredits: 1, loq: null, merge: 'timestamp', ...o,
});
const px = (o: Partial<InboundNodeConfig> = {}): InboundNodeConfig => ({
  id: 'proxy-0', role: 'proxy', depth: 1, parent: 'sequencer', children: ['gateway-0', 'gateway-1'], participant: null, participants: 2, heartbeatPeriodNs: 0, uplinkCredits: 1, loq: null, merge: 'timestamp', ...o,
});
const order = (id: number, participant = 3, price = 1000, side: 'bid' | 'ask' = 'bid') => ({ id, participant, side, price, quantity: 1 });
const sent = (a: readonly InboundAction[]) => a.filter((x): x is Extract<InboundAction, { type: 'send' }> => x.type === 'send').map((x) => x.message);
const hb = (m: InboundMessage) => (m.kind === 'heartbeat' ? `${m.timestamp}/${m.participant}${m.epoch !== undefined ? ` e${m.epoch} ${m.critical ? 'c' : 'n'}` : ''}` : `o${m.order.id}@${m.timestamp}`);

describe('reference gateway', () => {
  it('stamps at submit, holds orders behind its credit, and heartbeats its low-water mark, not its clock', () => {
    const g = new GatewayNode(gw());
    expect(g.onEvent({ type: 'start', time: 10 })).toEqual([
      { type: 'send', to: 'proxy-0', message: { kind: 'heartbeat', timestamp: 10, participant: 3 } },
      { type: 'timer', at: 110, timer: HEARTBEAT_TIMER },
    ]);
    expect(sent(g.onEvent({ type: 'submit', time: 20, order: order(0) })).map(hb)).toEqual(['o0@20']);
    expect(sent(g.onEvent({ type: 'submit', time: 30, order: order(1) }))).toEqual([]); // no credit: held
    expect(g.backlog).toBe(1);
    // The heartbeat at 110 may promise only what it still holds: 30, not its clock.
    expect(sent(g.onEvent({ type: 'timer', time: 110, timer: HEARTBEAT_TIMER })).map(hb)).toEqual(['30/3']);
    expect(sent(g.onEvent({ type: 'credit', time: 120 })).map(hb)).toEqual(['o1@30']);
    expect(sent(g.onEvent({ type: 'timer', time: 210, timer: HEARTBEAT_TIMER })).map(hb)).toEqual(['210/3']);
  });

  it('with LOQ: a critical order overtakes a held non-critical one, tagged; one dummy per class', () => {
    const g = new GatewayNode(gw({ loq: { window: 0, mid: 1000 } }));
    g.onEvent({ type: 'start', time: 0 });
    expect(sent(g.onEvent({ type: 'submit', time: 5, order: order(0, 3, 990) })).map(hb)).toEqual(['o0@5']);
    g.onEvent({ type: 'submit', time: 6, order: order(1, 3, 990) }); // non-critical, held
    g.onEvent({ type: 'submit', time: 7, order: order(2, 3, 1000) }); // critical, held
    const out = sent(g.onEvent({ type: 'credit', time: 8 }));
    expect(out).toEqual([{ kind: 'order', order: order(2, 3, 1000), timestamp: 7, epoch: 0, critical: true }]);
    g.onEvent({ type: 'mid', time: 9, mid: 1001 });
    // Critical class: nothing held, so (epoch 1, now). Non-critical: the held order 1 (epoch 0, 6),
    // above the start dummy (0, 0): it advanced, so it goes out — merges release within an epoch.
    expect(sent(g.onEvent({ type: 'timer', time: 100, timer: HEARTBEAT_TIMER })).map(hb)).toEqual(['100/3 e1 c', '6/3 e0 n']);
    expect(sent(g.onEvent({ type: 'credit', time: 101 })).map(hb)).toEqual(['o1@6']);
    expect(sent(g.onEvent({ type: 'timer', time: 200, timer: HEARTBEAT_TIMER })).map(hb)).toEqual(['200/3 e1 c', '200/3 e1 n']);
  });
});

describe('reference proxy', () => {
  it('dummies carry min(merge low-water mark, oldest held order)', () => {
    const p = new MergeNode(px());
    const m = (from: string, message: InboundMessage) => sent(p.onEvent({ type: 'message', time: 500, from, message })).map(hb);
    expect(m('gateway-0', { kind: 'heartbeat', timestamp: 10, participant: 0 })).toEqual([]); // gateway-1 never heard
    expect(m('gateway-1', { kind: 'heartbeat', timestamp: 12, participant: 1 })).toEqual(['10/0']);
    // gateway-1 promised 12: order 11/0 goes straight on.
    expect(m('gateway-0', { kind: 'order', order: order(0, 0), timestamp: 11 })).toEqual(['o0@11']);
    // Nothing new below gateway-0's last (11/0): no dummy.
    expect(m('gateway-1', { kind: 'heartbeat', timestamp: 20, participant: 1 })).toEqual([]);
    expect(m('gateway-0', { kind: 'heartbeat', timestamp: 30, participant: 0 })).toEqual(['20/1']);
  });

  it('with a period, at most one dummy per period, by a timer', () => {
    const p = new MergeNode(px({ heartbeatPeriodNs: 1000 }));
    expect(p.onEvent({ type: 'message', time: 5, from: 'gateway-0', message: { kind: 'heartbeat', timestamp: 1, participant: 0 } })).toEqual([{ type: 'timer', at: 1005, timer: DUMMY_TIMER }]);
    expect(p.onEvent({ type: 'message', time: 6, from: 'gateway-1', message: { kind: 'heartbeat', timestamp: 2, participant: 1 } })).toEqual([]);
    expect(sent(p.onEvent({ type: 'timer', time: 1005, timer: DUMMY_TIMER })).map(hb)).toEqual(['1/0']);
  });
});
