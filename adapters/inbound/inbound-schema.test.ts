import { describe, expect, it } from 'vitest';
import type { InboundAction, InboundEvent, InboundNodeConfig } from '../inbound.ts';
import { validate, type Op } from '../process/protocol.ts';
import { inboundEventParams } from './process-inbound.ts';

/** Every event kind of reference/inbound/node.ts (the `satisfies` keeps this list complete). */
const EVENTS = {
  start: { type: 'start', time: 0 },
  submit: { type: 'submit', time: 5, order: { id: 0, participant: 3, side: 'ask', price: -2, quantity: 7 } },
  mid: { type: 'mid', time: 6, mid: 1000 },
  message: { type: 'message', time: 7, from: 'gateway-3', message: { kind: 'order', order: { id: 1, participant: 3, side: 'bid', price: 999, quantity: 1 }, timestamp: 6, epoch: 2, critical: false } },
  credit: { type: 'credit', time: 8 },
  timer: { type: 'timer', time: 9, timer: 'heartbeat' },
} satisfies { [K in InboundEvent['type']]: Extract<InboundEvent, { type: K }> };

const OP: { [K in InboundEvent['type']]: Op } = {
  start: 'inbound.start',
  submit: 'inbound.submit',
  mid: 'inbound.mid',
  message: 'inbound.message',
  credit: 'inbound.credit',
  timer: 'inbound.timer',
};

const ACTIONS = {
  send: { type: 'send', to: 'proxy-0', message: { kind: 'heartbeat', timestamp: 4, participant: 0, epoch: 1, critical: true } },
  release: { type: 'release', id: 12 },
  timer: { type: 'timer', at: 100, timer: 'heartbeat' },
} satisfies { [K in InboundAction['type']]: Extract<InboundAction, { type: K }> };

const CONFIG: InboundNodeConfig = {
  id: 'proxy-0.1',
  role: 'proxy',
  depth: 2,
  parent: 'proxy-0',
  children: ['gateway-1', 'gateway-2'],
  participant: null,
  participants: 4,
  heartbeatPeriodNs: 0,
  uplinkCredits: 2,
  loq: { window: 3, mid: 1000 },
  merge: 'class-aware',
};

const request = (op: Op, params: Record<string, unknown>) => validate.request({ seq: 1, op, params });
const reply = (result: unknown) => validate.reply({ seq: 1, result });

describe('inbound.* schemas (spec/protocol/inbound-*.schema.json)', () => {
  it('every event kind goes out valid as its op, and a wrong field in each is caught', () => {
    expect(request('inbound.configure', { node: CONFIG })).toBeUndefined();
    for (const [type, event] of Object.entries(EVENTS)) {
      const op = OP[type as InboundEvent['type']];
      expect(request(op, inboundEventParams('gateway-3', event as InboundEvent)), op).toBeUndefined();
      expect(request(op, { ...inboundEventParams('gateway-3', event as InboundEvent), time: 1.5 }), op).toMatch(/integer/);
      expect(request(op, { ...inboundEventParams('gateway-3', event as InboundEvent), extra: 1 }), op).toMatch(/additional properties/);
      expect(request(op, { time: 1 }), op).toMatch(/node/);
    }
  });

  it('configs: the sequencer (no parent), gateways, and bad ones', () => {
    const seq = { ...CONFIG, id: 'sequencer', role: 'sequencer', parent: null, uplinkCredits: 0, loq: null };
    expect(request('inbound.configure', { node: seq })).toBeUndefined();
    const gw = { ...CONFIG, id: 'gateway-0', role: 'gateway', children: [], participant: 0, heartbeatPeriodNs: 50, merge: 'timestamp' };
    expect(request('inbound.configure', { node: gw })).toBeUndefined();
    expect(request('inbound.configure', { node: { ...gw, role: 'receiver' } })).toMatch(/allowed values/);
    expect(request('inbound.configure', { node: { ...gw, merge: 'fifo' } })).toMatch(/merge/);
    expect(request('inbound.configure', { node: { ...gw, loq: { window: -1, mid: 0 } } })).toMatch(/loq/);
    const { uplinkCredits: _, ...missing } = gw;
    expect(request('inbound.configure', { node: missing })).toMatch(/uplinkCredits/);
  });

  it('messages: untagged and tagged orders and heartbeats; one tag alone, an unknown kind, a bad order are caught', () => {
    const ev = (message: unknown) => request('inbound.message', { node: 'proxy-0', time: 1, from: 'gateway-0', message });
    const o = { id: 1, participant: 0, side: 'bid', price: 5, quantity: 1 };
    expect(ev({ kind: 'order', order: o, timestamp: 3 })).toBeUndefined();
    expect(ev({ kind: 'order', order: o, timestamp: 3, epoch: 0, critical: true })).toBeUndefined();
    expect(ev({ kind: 'heartbeat', timestamp: 3, participant: 0 })).toBeUndefined();
    expect(ev({ kind: 'heartbeat', timestamp: 3, participant: 0, epoch: 4, critical: false })).toBeUndefined();
    expect(ev({ kind: 'order', order: o, timestamp: 3, epoch: 0 })).toMatch(/critical/);
    expect(ev({ kind: 'heartbeat', timestamp: 3, participant: 0, critical: true })).toMatch(/epoch/);
    expect(ev({ kind: 'dummy', timestamp: 3 })).toMatch(/allowed values/);
    expect(ev({ kind: 'order', order: { ...o, quantity: 0 }, timestamp: 3 })).toMatch(/quantity/);
    expect(ev({ kind: 'order', order: { ...o, side: 'buy' }, timestamp: 3 })).toMatch(/side/);
    expect(ev({ kind: 'order', order: { ...o, participant: -1 }, timestamp: 3 })).toMatch(/participant/);
  });

  it('every action kind comes back valid, and a wrong field in each is caught', () => {
    for (const op of Object.values(OP)) {
      expect(validate.result(op, { actions: Object.values(ACTIONS) }), op).toBeUndefined();
      expect(validate.result(op, { actions: [] }), op).toBeUndefined();
    }
    expect(reply({ actions: Object.values(ACTIONS) })).toBeUndefined();
    const bad = (action: unknown, re: RegExp) => {
      expect(validate.result('inbound.message', { actions: [action] })).toMatch(re);
      expect(validate.resultViolations('inbound.message', { actions: [action] }).length).toBeGreaterThan(0);
    };
    bad({ type: 'send', to: 'proxy-0' }, /message/);
    bad({ type: 'send', to: 'proxy-0', message: { kind: 'order', timestamp: 1 } }, /order/);
    bad({ type: 'send', to: '', message: ACTIONS.send.message }, /to/);
    bad({ type: 'release', id: -1 }, /id/);
    bad({ type: 'release', id: 1, extra: true }, /additional properties/);
    bad({ type: 'timer', at: 1.5, timer: 'x' }, /integer/);
    bad({ type: 'forward', to: 'x' }, /allowed values/);
    expect(validate.result('inbound.timer', { actions: 'none' })).toMatch(/array/);
    expect(validate.result('inbound.timer', null)).toMatch(/object/);
    expect(validate.result('inbound.configure', null)).toBeUndefined();
  });
});
