import fc from 'fast-check';
import { withCommandRemoval } from './matching-command-removal.ts';
import { declaredStpModes, type MatchingCapabilities, type MatchingConfig, type StpMode, type TimeInForce } from '../../adapters/matching.ts';

/**
 * Order flows for the matching catalog: a session config plus a list of commands (JSON values,
 * some deliberately bad). Steps are generated as raw choices and mapped to commands in order, so
 * cancels and modifies target ids issued earlier, and the flow shrinks step by step.
 *
 * What it generates (properties/arbitraries/matching-flow.test.ts checks each within a fixed
 * number of samples at a fixed seed):
 * - two symbols, tick 5 (off-tick prices exist) and tick 1 (only with multiSymbol), named X/Y or
 *   Object.prototype names (`__proto__`, `constructor`, `toString`);
 * - three accounts, named A/B/C or including Object.prototype names;
 * - order ids `o<n>`, and each of `constructor`, `toString`, `__proto__`, `hasOwnProperty`,
 *   `valueOf` at most once per flow as a new order's id (a later `bad` duplicate may reuse one);
 * - limit orders in a band of 7 ticks around a mid (so queues form and orders cross often), and,
 *   in a quarter of the flows, at the ends of the price range: the minimum (one tick) and the
 *   largest multiple of the tick <= 2^53 - 1; quantities 1..12, and in those flows 2^53 - 1 (so
 *   level totals reach quantity-overflow);
 * - GTC / IOC / FOK, post-only, market orders (FOK too with fokMarket), each STP mode, each
 *   only when declared (without modifyDecreaseKeepsPriority, modifies only grow an order);
 * - joins (a GTC order at a recent order's symbol, side and price), crosses (an order at a recent
 *   order's price on the other side, half the time from its account), cancels, modifies (grow,
 *   shrink, reprice in the band, and to an end of the price range or to quantity 2^53 - 1; a grow
 *   of an order already at 2^53 - 1 asks for 2^53, which must be rejected), all exact (bigint);
 * - commands with every optional field spelled out, or terse (fields at their defaults left out);
 * - twelve kinds of bad command (see badCommand), each to be rejected and change nothing.
 * What it cannot generate: prices strictly between the band and the ends of the range; more
 * than two symbols or three accounts; an unknown or empty symbol in a valid order; JSON numbers
 * as prices or quantities (only the bad 2.5), bigint inputs, or fields the schema does not know;
 * an id that is the empty string; modifies of an order's account or side (the protocol has none).
 */
export interface MatchingFlow {
  readonly config: MatchingConfig;
  readonly commands: readonly unknown[];
}

/** The largest price, quantity or level total (spec/exchange/matching.md). */
export const MAX_INTEGER = 2n ** 53n - 1n;
/** Names that break an implementation keying plain objects by id, account or symbol. */
export const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'] as const;

interface Naming {
  /** The tick-5 symbol, then the tick-1 symbol. */
  readonly symbols: readonly [string, string];
  readonly accounts: readonly [string, string, string];
}
const NAMINGS: readonly Naming[] = [
  { symbols: ['X', 'Y'], accounts: ['A', 'B', 'C'] },
  { symbols: ['__proto__', 'constructor'], accounts: ['toString', '__proto__', 'C'] },
  { symbols: ['X', 'toString'], accounts: ['constructor', 'hasOwnProperty', 'A'] },
];
const TICKS = [5n, 1n] as const;
const configOf = (n: Naming): MatchingConfig => ({
  symbols: [
    { symbol: n.symbols[0], tickSize: Number(TICKS[0]) },
    { symbol: n.symbols[1], tickSize: Number(TICKS[1]) },
  ],
});
/** X has tick 5 (off-tick prices exist), Y tick 1: the plain naming. */
export const FLOW_CONFIG: MatchingConfig = configOf(NAMINGS[0]!);
const MID_TICKS = 20n;

/** A new order's quantity: a small one, or an end of the range. */
type Qty = number | 'max';
type Step =
  | { k: 'limit'; sell: boolean; acct: number; off: number; qty: Qty; tif: TimeInForce; post: boolean; stp: StpMode; y: boolean; proto: boolean; terse: boolean }
  | { k: 'edge'; sell: boolean; acct: number; top: boolean; qty: Qty; tif: TimeInForce; stp: StpMode; y: boolean; proto: boolean; terse: boolean }
  | { k: 'market'; sell: boolean; acct: number; qty: Qty; fok: boolean; stp: StpMode; y: boolean; proto: boolean; terse: boolean }
  | { k: 'join'; target: number; acct: number; qty: Qty; proto: boolean }
  | { k: 'cross'; target: number; acct: number; same: boolean; qty: Qty; tif: TimeInForce; stp: StpMode; proto: boolean }
  | { k: 'cancel'; target: number }
  | { k: 'modify'; target: number; how: 'grow' | 'shrink' | 'reprice' | 'to-min' | 'to-max' | 'max-size'; off: number; qty: number }
  | { k: 'bad'; variant: number; target: number };

export const BAD_VARIANTS = 12;

/** Weighted choices that shrink towards the first (the simplest) one. */
const simplestFirst = <T>(...options: fc.WeightedArbitrary<T>[]): fc.Arbitrary<T> => fc.oneof({ withCrossShrink: true }, ...options);
/** True one time in `n`; shrinks towards false. */
const rarely = (n: number) => fc.integer({ min: 1, max: n }).map((v) => v === n);

/** `extremes`: this flow also uses the ends of the price and quantity ranges (a quarter of flows). */
function steps(caps: MatchingCapabilities, extremes: boolean): fc.Arbitrary<Step> {
  // Every flag shrinks towards its plain value: one lot, GTC, no post-only, no STP, the first
  // symbol, o<n> ids, every field spelled out, at the touch.
  const small = simplestFirst({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 3 }, { arbitrary: fc.integer({ min: 5, max: 12 }), weight: 1 });
  const qty: fc.Arbitrary<Qty> = extremes ? simplestFirst<Qty>({ arbitrary: small, weight: 6 }, { arbitrary: fc.constant('max' as const), weight: 1 }) : small;
  // Only the STP modes the subject declares; a same-account cross mostly has one on.
  const modes = declaredStpModes(caps);
  const stpWith = (weight: number): fc.Arbitrary<StpMode> =>
    modes.length === 0 ? fc.constant<StpMode>('none') : simplestFirst<StpMode>({ arbitrary: fc.constant('none'), weight: 1 }, { arbitrary: fc.constantFrom(...modes), weight });
  const stp = stpWith(1);
  const tif = simplestFirst<TimeInForce>(
    { arbitrary: fc.constant('gtc'), weight: 5 },
    ...(caps.ioc ? [{ arbitrary: fc.constant<TimeInForce>('ioc'), weight: 2 }] : []),
    ...(caps.fok ? [{ arbitrary: fc.constant<TimeInForce>('fok'), weight: 2 }] : []),
  );
  const symbolY = caps.multiSymbol ? rarely(6) : fc.constant(false);
  const proto = rarely(8);
  const terse = rarely(4);
  const acct = fc.integer({ min: 0, max: 2 });
  // Distance behind the touch, in ticks: -2..-1 cross a one-tick spread, 0..2 rest; most orders
  // land on a few shared levels so queues form.
  const depth = simplestFirst({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 3 }, { arbitrary: fc.integer({ min: -2, max: -1 }), weight: 2 });
  const options: fc.WeightedArbitrary<Step>[] = [
    {
      weight: 8,
      arbitrary: fc.record({
        k: fc.constant('limit' as const),
        sell: fc.boolean(),
        acct,
        off: depth,
        qty,
        tif,
        post: caps.postOnly ? rarely(8) : fc.constant(false),
        stp,
        y: symbolY,
        proto,
        terse,
      }),
    },
    // A GTC order joining the queue of a recent order (same symbol, side and price).
    { weight: 4, arbitrary: fc.record({ k: fc.constant('join' as const), target: fc.nat(), acct, qty, proto }) },
    // An order hitting a recent order's level exactly (opposite side, its current price), half
    // the time from the same account (then mostly with a declared STP mode): queue order and
    // self-trade prevention are tested where modifies have moved orders.
    { weight: 4, arbitrary: fc.record({ k: fc.constant('cross' as const), target: fc.nat(), acct, same: fc.boolean(), qty, tif, stp: stpWith(3), proto }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('cancel' as const), target: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('bad' as const), variant: fc.integer({ min: 0, max: BAD_VARIANTS - 1 }), target: fc.nat() }) },
  ];
  if (extremes) {
    // A limit order at an end of the price range: a buy at the top sweeps the asks, a sell at one tick the bids.
    options.push({ weight: 2, arbitrary: fc.record({ k: fc.constant('edge' as const), sell: fc.boolean(), acct, top: fc.boolean(), qty, tif, stp, y: symbolY, proto, terse }) });
  }
  if (caps.market) {
    options.push({
      weight: 2,
      arbitrary: fc.record({ k: fc.constant('market' as const), sell: fc.boolean(), acct, qty, fok: caps.fok && caps.fokMarket ? rarely(2) : fc.constant(false), stp, y: symbolY, proto, terse }),
    });
  }
  if (caps.modify) {
    // Without modifyDecreaseKeepsPriority every modify grows the order (see toCommands).
    const usual = caps.modifyDecreaseKeepsPriority
      ? fc.constantFrom('grow' as const, 'grow' as const, 'shrink' as const, 'reprice' as const)
      : fc.constantFrom('grow' as const, 'grow' as const, 'reprice' as const);
    options.push({
      weight: 6,
      arbitrary: fc.record({
        k: fc.constant('modify' as const),
        target: fc.nat(),
        how: extremes
          ? simplestFirst({ arbitrary: usual, weight: 8 }, { arbitrary: fc.constantFrom('to-min' as const, 'to-max' as const, 'max-size' as const), weight: 1 })
          : usual,
        off: depth,
        qty: small,
      }),
    });
  }
  return fc.oneof(...options);
}

/** Turns raw steps into commands, remembering each issued new order for later targets. */
function toCommands(raw: readonly Step[], caps: MatchingCapabilities, naming: Naming): unknown[] {
  const ids: string[] = [];
  /** Ids of limit GTC orders, the only ones that may be resting: cancel/modify target these. */
  const restable: string[] = [];
  const byId = new Map<string, NewOrder>();
  /** The size each order was last given (exact: it may be 2^53 - 1 and grow past it). */
  const size = new Map<string, bigint>();
  const unusedNames: string[] = [...PROTOTYPE_NAMES];
  let issued = 0;
  const nextId = (proto: boolean) => (proto && unusedNames.length > 0 ? unusedNames.shift()! : `o${++issued}`);
  const remember = (c: NewOrder, qty: bigint, gtc: boolean) => {
    ids.push(c.id);
    byId.set(c.id, c);
    size.set(c.id, qty);
    if (gtc) restable.push(c.id);
  };
  // Mostly one of the last few restable orders (likely still resting; a modified order counts
  // as just touched), sometimes any id.
  const pick = (t: number) => {
    if (t % 8 === 7 && ids.length > 0) return ids[(t >>> 3) % ids.length]!;
    if (restable.length === 0) return 'nobody';
    return restable[restable.length - 1 - (t % Math.min(restable.length, 5))]!;
  };
  const symbolIndex = (symbol: string) => (symbol === naming.symbols[1] ? 1 : 0);
  // Bids at mid - depth, asks at mid + 1 + depth (in ticks).
  const price = (symbol: string, side: string, depth: number) => {
    const ticks = side === 'sell' ? 1n + BigInt(depth) : -BigInt(depth);
    return symbolIndex(symbol) === 1 ? String(100n + ticks) : String(TICKS[0] * (MID_TICKS + ticks));
  };
  const edgePrice = (symbol: string, top: boolean) => {
    const tick = TICKS[symbolIndex(symbol)];
    return String(top ? (MAX_INTEGER / tick) * tick : tick);
  };
  const quantity = (q: Qty) => (q === 'max' ? MAX_INTEGER : BigInt(q));
  /** Fields at their defaults left out of a terse command (tif, postOnly, stp; a market order's price). */
  const shorten = (c: NewOrder, terse: boolean): NewOrder => {
    if (!terse) return c;
    const { tif, postOnly, stp, price: p, ...rest } = c;
    return {
      ...rest,
      ...(tif === (c.orderType === 'market' ? 'ioc' : 'gtc') ? {} : { tif }),
      ...(postOnly ? { postOnly } : {}),
      ...(stp === 'none' ? {} : { stp }),
      ...(p === null ? {} : { price: p }),
    };
  };
  const out: unknown[] = [];
  for (const s of raw) {
    switch (s.k) {
      case 'limit':
      case 'edge': {
        const tif = s.tif;
        const symbol = naming.symbols[s.y ? 1 : 0];
        const side = s.sell ? 'sell' : 'buy';
        const q = quantity(s.qty);
        const c: NewOrder = {
          type: 'new', id: nextId(s.proto), account: naming.accounts[s.acct]!, symbol, side, orderType: 'limit', tif,
          postOnly: s.k === 'limit' && s.post && tif === 'gtc', price: s.k === 'limit' ? price(symbol, side, s.off) : edgePrice(symbol, s.top), quantity: String(q), stp: s.stp,
        };
        remember(c, q, tif === 'gtc');
        out.push(shorten(c, s.terse));
        break;
      }
      case 'market': {
        const q = quantity(s.qty);
        const c: NewOrder = {
          type: 'new', id: nextId(s.proto), account: naming.accounts[s.acct]!, symbol: naming.symbols[s.y ? 1 : 0], side: s.sell ? 'sell' : 'buy', orderType: 'market', tif: s.fok ? 'fok' : 'ioc',
          postOnly: false, price: null, quantity: String(q), stp: s.stp,
        };
        remember(c, q, false);
        out.push(shorten(c, s.terse));
        break;
      }
      case 'join': {
        const like = byId.get(pick(s.target));
        if (!like || like.orderType !== 'limit') {
          out.push({ type: 'cancel', id: pick(s.target) });
          break;
        }
        const q = quantity(s.qty);
        const c: NewOrder = { ...like, id: nextId(s.proto), account: naming.accounts[s.acct]!, tif: 'gtc', postOnly: false, quantity: String(q), stp: 'none' };
        remember(c, q, true);
        out.push(c);
        break;
      }
      case 'cross': {
        const like = byId.get(pick(s.target));
        if (!like || like.orderType !== 'limit') {
          out.push({ type: 'cancel', id: pick(s.target) });
          break;
        }
        const tif = s.tif;
        const q = quantity(s.qty);
        const c: NewOrder = {
          type: 'new', id: nextId(s.proto), account: s.same ? like.account : naming.accounts[s.acct]!, symbol: like.symbol, side: like.side === 'buy' ? 'sell' : 'buy',
          orderType: 'limit', tif, postOnly: false, price: like.price, quantity: String(q), stp: s.stp,
        };
        remember(c, q, tif === 'gtc');
        out.push(c);
        break;
      }
      case 'cancel':
        out.push({ type: 'cancel', id: pick(s.target) });
        break;
      case 'modify': {
        // Sizes relative to the order's last given size (never below its open quantity): 'grow'
        // is an increase. Without modifyDecreaseKeepsPriority every modify is one.
        const target = pick(s.target);
        const like = byId.get(target);
        const was = size.get(target) ?? BigInt(s.qty);
        const grows = !caps.modifyDecreaseKeepsPriority;
        // A reprice mostly keeps the size (a price-only change), else it is an increase.
        const q = s.how === 'grow' || (grows && s.how !== 'max-size') ? was + BigInt(s.qty)
          : s.how === 'max-size' ? (grows && was >= MAX_INTEGER ? was + 1n : MAX_INTEGER)
          : s.how === 'shrink' ? (was - BigInt(s.qty) > 0n ? was - BigInt(s.qty) : 1n)
          : BigInt(s.qty) < was ? BigInt(s.qty) : was;
        if (q > was) size.set(target, q);
        const repriced = !like || like.orderType !== 'limit' ? null
          : s.how === 'reprice' ? price(like.symbol, like.side, s.off)
          : s.how === 'to-min' || s.how === 'to-max' ? edgePrice(like.symbol, s.how === 'to-max')
          : null;
        if (like && repriced !== null) byId.set(target, { ...like, price: repriced }); // later joins and crosses follow it
        // The modified order is now the most recently touched: later steps aim at it first.
        const r = restable.indexOf(target);
        if (r >= 0) restable.push(...restable.splice(r, 1));
        out.push({ type: 'modify', id: target, price: repriced, quantity: String(q) });
        break;
      }
      case 'bad':
        out.push(badCommand(s.variant, pick(s.target), `o${++issued}`, caps, naming.symbols[0]));
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
  readonly tif?: TimeInForce;
  readonly postOnly?: boolean;
  readonly price?: string | null;
  readonly quantity: string;
  readonly stp?: StpMode;
}

/** One deliberately bad command per variant; each must be rejected and change nothing. */
function badCommand(variant: number, existing: string, fresh: string, caps: MatchingCapabilities, symbol: string): unknown {
  const base = { type: 'new', id: fresh, account: 'A', symbol, side: 'buy', orderType: 'limit', tif: 'gtc', postOnly: false, price: '100', quantity: '1', stp: 'none' };
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
  // The plain naming half the time, the band without the ends of the ranges three flows in
  // four (extremes change a book's dynamics: one order of 2^53 - 1 absorbs a side); shrinking
  // moves towards both.
  const naming = simplestFirst({ arbitrary: fc.constant(NAMINGS[0]!), weight: 2 }, { arbitrary: fc.constantFrom(...NAMINGS.slice(1)), weight: 2 });
  const extremes = simplestFirst({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 });
  // No minimum length (an empty flow passes): a counterexample keeps only the commands its
  // failure needs, and after the generator's shrinks each single command is tried without.
  const flows = fc
    .tuple(naming, extremes.chain((x) => fc.array(steps(caps, x), { minLength: 0, maxLength, size: 'max' })))
    .map(([n, raw]) => ({ config: configOf(n), commands: toCommands(raw, caps, n) }));
  return withCommandRemoval(flows, isMatchingFlow);
}

/** A value shaped like a flow (a saved counterexample given back without its shrink context). */
export function isMatchingFlow(v: unknown): v is MatchingFlow {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as { config?: { symbols?: unknown }; commands?: unknown };
  return Array.isArray(f.commands) && typeof f.config === 'object' && f.config !== null && Array.isArray(f.config.symbols);
}
