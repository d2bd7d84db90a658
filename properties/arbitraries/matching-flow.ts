import fc from 'fast-check';
import type { MatchingCapabilities, MatchingConfig, StpMode, TimeInForce } from '../../adapters/matching.ts';

/**
 * Order flows for the matching catalog: a session config plus a list of canonical commands
 * (JSON values, some deliberately bad). Prices sit in a band of 7 ticks around a mid so that
 * orders queue at shared levels and cross often; three accounts make self-matches common.
 * Steps are generated as raw choices and mapped to commands in order, so cancels and modifies
 * target ids issued earlier, and the flow shrinks step by step.
 */
export interface MatchingFlow {
  readonly config: MatchingConfig;
  readonly commands: readonly unknown[];
}

/** X has tick 5 (off-tick prices exist), Y tick 1. */
export const FLOW_CONFIG: MatchingConfig = {
  symbols: [
    { symbol: 'X', tickSize: 5 },
    { symbol: 'Y', tickSize: 1 },
  ],
};
const MID_TICKS = 20;
const ACCOUNTS = ['A', 'B', 'C'] as const;
const STP_MODES: readonly StpMode[] = ['cancel-newest', 'cancel-oldest', 'cancel-both', 'decrement-and-cancel'];

type Step =
  | { k: 'limit'; sell: boolean; acct: number; off: number; qty: number; tif: number; post: boolean; stp: number; y: boolean }
  | { k: 'market'; sell: boolean; acct: number; qty: number; fok: boolean; stp: number; y: boolean }
  | { k: 'join'; target: number; acct: number; qty: number }
  | { k: 'cancel'; target: number }
  | { k: 'modify'; target: number; how: 'grow' | 'shrink' | 'reprice'; off: number; qty: number }
  | { k: 'bad'; variant: number; target: number };

export const BAD_VARIANTS = 12;

function steps(caps: MatchingCapabilities): fc.Arbitrary<Step> {
  const qty = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 3 }, { arbitrary: fc.integer({ min: 5, max: 12 }), weight: 1 });
  const stp = caps.stp ? fc.oneof({ arbitrary: fc.constant(-1), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 1 }) : fc.constant(-1);
  const tif = fc.oneof(
    { arbitrary: fc.constant(0), weight: 5 },
    { arbitrary: fc.constant(caps.ioc ? 1 : 0), weight: 2 },
    { arbitrary: fc.constant(caps.fok ? 2 : 0), weight: 2 },
  );
  const symbolY = caps.multiSymbol ? fc.integer({ min: 0, max: 5 }).map((n) => n === 0) : fc.constant(false);
  // Distance behind the touch, in ticks: -2..-1 cross a one-tick spread, 0..2 rest; most orders
  // land on a few shared levels so queues form.
  const depth = fc.oneof({ arbitrary: fc.integer({ min: -2, max: -1 }), weight: 2 }, { arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 3 });
  const options: fc.WeightedArbitrary<Step>[] = [
    {
      weight: 10,
      arbitrary: fc.record({
        k: fc.constant('limit' as const),
        sell: fc.boolean(),
        acct: fc.integer({ min: 0, max: 2 }),
        off: depth,
        qty,
        tif,
        post: caps.postOnly ? fc.integer({ min: 0, max: 7 }).map((n) => n === 0) : fc.constant(false),
        stp,
        y: symbolY,
      }),
    },
    // A GTC order joining the queue of a recent order (same symbol, side and price).
    { weight: 3, arbitrary: fc.record({ k: fc.constant('join' as const), target: fc.nat(), acct: fc.integer({ min: 0, max: 2 }), qty }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('cancel' as const), target: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('bad' as const), variant: fc.integer({ min: 0, max: BAD_VARIANTS - 1 }), target: fc.nat() }) },
  ];
  if (caps.market) {
    options.push({
      weight: 2,
      arbitrary: fc.record({ k: fc.constant('market' as const), sell: fc.boolean(), acct: fc.integer({ min: 0, max: 2 }), qty, fok: caps.fok ? fc.boolean() : fc.constant(false), stp, y: symbolY }),
    });
  }
  if (caps.modify) {
    options.push({
      weight: 5,
      arbitrary: fc.record({
        k: fc.constant('modify' as const),
        target: fc.nat(),
        how: fc.constantFrom('grow' as const, 'grow' as const, 'shrink' as const, 'reprice' as const),
        off: depth,
        qty,
      }),
    });
  }
  return fc.oneof(...options);
}

/** Turns raw steps into commands, remembering each issued new order for later targets. */
function toCommands(raw: readonly Step[], caps: MatchingCapabilities): unknown[] {
  const ids: string[] = [];
  /** Ids of limit GTC orders, the only ones that may be resting: cancel/modify target these. */
  const restable: string[] = [];
  const byId = new Map<string, NewOrder>();
  const size = new Map<string, number>();
  const remember = (c: NewOrder, qty: number) => {
    ids.push(c.id);
    byId.set(c.id, c);
    size.set(c.id, qty);
    if (c.tif === 'gtc') restable.push(c.id);
  };
  // Mostly one of the last few restable orders (likely still resting), sometimes any id.
  const pick = (t: number) => {
    if (t % 8 === 7 && ids.length > 0) return ids[(t >>> 3) % ids.length]!;
    if (restable.length === 0) return 'nobody';
    return restable[restable.length - 1 - (t % Math.min(restable.length, 5))]!;
  };
  // Bids at mid - depth, asks at mid + 1 + depth (in ticks).
  const price = (symbol: string, side: string, depth: number) => {
    const ticks = side === 'sell' ? 1 + depth : -depth;
    return symbol === 'Y' ? String(100 + ticks) : String(5 * (MID_TICKS + ticks));
  };
  const out: unknown[] = [];
  for (const s of raw) {
    const id = `o${ids.length + 1}`;
    switch (s.k) {
      case 'limit': {
        const tif: TimeInForce = s.tif === 1 ? 'ioc' : s.tif === 2 ? 'fok' : 'gtc';
        const symbol = s.y ? 'Y' : 'X';
        const side = s.sell ? 'sell' : 'buy';
        const c: NewOrder = {
          type: 'new', id, account: ACCOUNTS[s.acct]!, symbol, side, orderType: 'limit', tif,
          postOnly: s.post && tif === 'gtc', price: price(symbol, side, s.off), quantity: String(s.qty), stp: s.stp < 0 ? 'none' : STP_MODES[s.stp]!,
        };
        remember(c, s.qty);
        out.push(c);
        break;
      }
      case 'market': {
        const c: NewOrder = {
          type: 'new', id, account: ACCOUNTS[s.acct]!, symbol: s.y ? 'Y' : 'X', side: s.sell ? 'sell' : 'buy', orderType: 'market', tif: s.fok ? 'fok' : 'ioc',
          postOnly: false, price: null, quantity: String(s.qty), stp: s.stp < 0 ? 'none' : STP_MODES[s.stp]!,
        };
        remember(c, s.qty);
        out.push(c);
        break;
      }
      case 'join': {
        const like = byId.get(pick(s.target));
        if (!like || like.orderType !== 'limit') {
          out.push({ type: 'cancel', id: pick(s.target) });
          break;
        }
        const c: NewOrder = { ...like, id, account: ACCOUNTS[s.acct]!, tif: 'gtc', postOnly: false, quantity: String(s.qty), stp: 'none' };
        remember(c, s.qty);
        out.push(c);
        break;
      }
      case 'cancel':
        out.push({ type: 'cancel', id: pick(s.target) });
        break;
      case 'modify': {
        // Sizes relative to the order's original size: 'grow' is an increase unless it traded.
        const target = pick(s.target);
        const like = byId.get(target);
        const was = size.get(target) ?? s.qty;
        const quantity = s.how === 'grow' ? was + s.qty : s.how === 'shrink' ? Math.max(1, was - s.qty) : s.qty;
        if (s.how === 'grow') size.set(target, quantity);
        const repriced = s.how === 'reprice' && like ? price(like.symbol, like.side, s.off) : null;
        out.push({ type: 'modify', id: target, price: repriced, quantity: String(quantity) });
        break;
      }
      case 'bad':
        out.push(badCommand(s.variant, pick(s.target), id, caps));
        break;
    }
  }
  return out;
}

interface NewOrder {
  readonly type: 'new';
  readonly id: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly orderType: 'limit' | 'market';
  readonly tif: TimeInForce;
  readonly postOnly: boolean;
  readonly price: string | null;
  readonly quantity: string;
  readonly stp: StpMode;
}

/** One deliberately bad command per variant; each must be rejected and change nothing. */
function badCommand(variant: number, existing: string, fresh: string, caps: MatchingCapabilities): unknown {
  const base = { type: 'new', id: fresh, account: 'A', symbol: 'X', side: 'buy', orderType: 'limit', tif: 'gtc', postOnly: false, price: '100', quantity: '1', stp: 'none' };
  switch (variant) {
    case 0: return { ...base, quantity: '0' };
    case 1: return { ...base, quantity: '-3' };
    case 2: return { ...base, price: '101' }; // off the tick-5 grid
    case 3: return { ...base, quantity: '1.5' };
    case 4: return { ...base, price: 'Infinity' };
    case 5: return { ...base, quantity: '99999999999999999999' };
    case 6: return { ...base, symbol: 'NOPE' };
    case 7: return { ...base, id: existing }; // duplicate while it rests, else a valid order
    case 8: return { type: 'cancel', id: 'never-issued' };
    case 9: return caps.modify ? { type: 'modify', id: existing, quantity: '0' } : { type: 'bogus', id: fresh };
    case 10: return { ...base, side: 'up' };
    default: return { ...base, quantity: 2.5 };
  }
}

export function matchingFlow(caps: MatchingCapabilities, { maxLength = 40 }: { maxLength?: number } = {}): fc.Arbitrary<MatchingFlow> {
  return fc.array(steps(caps), { minLength: 1, maxLength, size: 'max' }).map((raw) => ({ config: FLOW_CONFIG, commands: toCommands(raw, caps) }));
}
