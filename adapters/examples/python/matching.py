#!/usr/bin/env python3
"""An example fairwire vendor: a price-time matching engine in Python 3 (standard library only).

spec/exchange/matching.md: limit/market orders, GTC/IOC/FOK, post-only, modify, the four
self-trade prevention modes, several symbols and level/bbo market data, with the canonical
rejections in their order. Each side of a book is a dict price -> Level plus a sorted price
list; a level keeps its orders in queue order. Level events are published for the levels a
command touched whose total or order count changed, then bbo when the top of book changed.

    npx fairwire conform --component matching --adapter cmd:"python3 adapters/examples/python/matching.py"
"""

import bisect
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fairwire_vendor import VendorError, serve  # noqa: E402

MAX = 2**53 - 1
DECIMAL = re.compile(r"-?(0|[1-9][0-9]{0,15})")
STP_MODES = ("none", "cancel-newest", "cancel-oldest", "cancel-both", "decrement-and-cancel")
INF = float("inf")


def read_positive(v):
    """A positive safe integer from a strict decimal string or a JSON number, else None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, str):
        if not DECIMAL.fullmatch(v):
            return None
        n = int(v)
    elif isinstance(v, int):
        n = v
    elif isinstance(v, float) and v.is_integer():
        n = int(v)
    else:
        return None
    return n if 0 < n <= MAX else None


def crosses(side, limit, price):
    """Does a taker at `limit` (+-inf for market) cross a resting level at `price`?"""
    return price <= limit if side == "buy" else price >= limit


class Order:
    __slots__ = ("id", "account", "symbol", "side", "price", "remaining", "stp", "post_only", "tif", "level")

    def __init__(self, id_, account, symbol, side, price, quantity, stp, post_only, tif):
        self.id, self.account, self.symbol, self.side = id_, account, symbol, side
        self.price, self.remaining, self.stp, self.post_only, self.tif = price, quantity, stp, post_only, tif
        self.level = None


class Level:
    def __init__(self, side, price):
        self.side, self.price = side, price
        self.orders = []
        self.total = 0
        self.published = (0, 0)  # (total, count) last sent in a level event


class Side:
    def __init__(self, side):
        self.side = side
        self.levels = {}
        self.prices = []  # ascending

    def best(self):
        if not self.prices:
            return None
        return self.levels[self.prices[-1] if self.side == "buy" else self.prices[0]]

    def best_first(self):
        order = reversed(self.prices) if self.side == "buy" else self.prices
        return [self.levels[p] for p in order]

    def get_or_create(self, price):
        level = self.levels.get(price)
        if level is None:
            level = self.levels[price] = Level(self.side, price)
            bisect.insort(self.prices, price)
        return level

    def remove(self, level):
        if self.levels.get(level.price) is level:
            del self.levels[level.price]
            self.prices.pop(bisect.bisect_left(self.prices, level.price))


class Book:
    def __init__(self, symbol, tick):
        self.symbol, self.tick = symbol, tick
        self.bids, self.asks = Side("buy"), Side("sell")
        self.published = (0, 0, 0, 0)  # bid price, bid qty, ask price, ask qty (0: empty side)

    def own(self, side):
        return self.bids if side == "buy" else self.asks

    def opposite(self, side):
        return self.asks if side == "buy" else self.bids


class Engine:
    def __init__(self, symbols):
        self.books = {}
        for s in symbols:
            tick = s.get("tickSize")
            if isinstance(tick, bool) or not isinstance(tick, int) or not 0 < tick <= MAX:
                raise VendorError("bad-config", "tickSize of %r must be a positive safe integer" % (s.get("symbol"),))
            if s["symbol"] in self.books:
                raise VendorError("bad-config", "symbol %r listed twice" % (s["symbol"],))
            self.books[s["symbol"]] = Book(s["symbol"], tick)
        self.orders = {}  # resting orders by id
        self.events = []
        self.touched = []

    def apply(self, c):
        self.events = []
        self.touched = []
        if not isinstance(c, dict):
            self.reject(None, "invalid-command")
        else:
            kind = c.get("type")
            if kind == "new":
                self.on_new(c)
            elif kind == "cancel":
                self.on_cancel(c)
            elif kind == "modify":
                self.on_modify(c)
            else:
                self.reject(c.get("id") if isinstance(c.get("id"), str) else None, "invalid-command")
        return self.events

    def reject(self, id_, reason):
        self.events.append({"type": "rejected", "id": id_, "reason": reason})

    def emit_cancelled(self, id_, symbol, quantity, remaining, reason):
        self.events.append({"type": "cancelled", "id": id_, "symbol": symbol, "quantity": str(quantity), "remaining": str(remaining), "reason": reason})

    def emit_expired(self, id_, symbol, quantity):
        self.events.append({"type": "expired", "id": id_, "symbol": symbol, "quantity": str(quantity)})

    def checked_id(self, c):
        id_ = c.get("id")
        if not isinstance(id_, str) or id_ == "":
            self.reject(id_ if isinstance(id_, str) else None, "invalid-command")
            return None
        return id_

    # ---- commands ------------------------------------------------------------------------

    def on_new(self, c):
        id_ = self.checked_id(c)
        if id_ is None:
            return
        account, symbol, side, order_type = c.get("account"), c.get("symbol"), c.get("side"), c.get("orderType")
        tif = c.get("tif")
        if tif is None:
            tif = "ioc" if order_type == "market" else "gtc"
        post_only = c.get("postOnly")
        if post_only is None:
            post_only = False
        stp = c.get("stp")
        if stp is None:
            stp = "none"
        if (not isinstance(account, str) or not isinstance(symbol, str) or side not in ("buy", "sell")
                or order_type not in ("limit", "market") or tif not in ("gtc", "ioc", "fok")
                or not isinstance(post_only, bool) or not isinstance(stp, str) or stp not in STP_MODES):
            return self.reject(id_, "invalid-command")
        quantity = read_positive(c.get("quantity"))
        if quantity is None:
            return self.reject(id_, "invalid-quantity")
        if order_type == "limit":
            price = read_positive(c.get("price"))
            if price is None:
                return self.reject(id_, "invalid-price")
        else:
            if c.get("price") is not None:
                return self.reject(id_, "invalid-price")
            price = INF if side == "buy" else -INF
            if tif == "gtc":
                return self.reject(id_, "invalid-tif")
        if post_only and (order_type != "limit" or tif != "gtc"):
            return self.reject(id_, "invalid-post-only")
        book = self.books.get(symbol)
        if book is None:
            return self.reject(id_, "unknown-symbol")
        if order_type == "limit" and price % book.tick != 0:
            return self.reject(id_, "off-tick")
        if id_ in self.orders:
            return self.reject(id_, "duplicate-id")
        opp = book.opposite(side)
        best = opp.best()
        if post_only and best is not None and crosses(side, price, best.price):
            return self.reject(id_, "post-only-would-cross")
        own_level = book.own(side).levels.get(price) if tif == "gtc" else None
        if own_level is not None and own_level.total > MAX - quantity:
            return self.reject(id_, "quantity-overflow")

        self.events.append({"type": "accepted", "id": id_, "symbol": symbol, "side": side,
                            "price": str(price) if order_type == "limit" else None, "quantity": str(quantity)})
        taker = Order(id_, account, symbol, side, price, quantity, stp, post_only, tif)
        if tif == "fok" and not self.fok_can_fill(taker, opp):
            return self.emit_expired(id_, symbol, quantity)
        self.match_and_place(taker, book)
        self.publish(book)

    def on_cancel(self, c):
        id_ = self.checked_id(c)
        if id_ is None:
            return
        o = self.orders.get(id_)
        if o is None:
            return self.reject(id_, "unknown-id")
        book = self.books[o.symbol]
        self.emit_cancelled(id_, o.symbol, o.remaining, 0, "user")
        self.retire(o, o.level)
        self.publish(book)

    def on_modify(self, c):
        id_ = self.checked_id(c)
        if id_ is None:
            return
        quantity = read_positive(c.get("quantity"))
        if quantity is None:
            return self.reject(id_, "invalid-quantity")
        given = None
        if c.get("price") is not None:
            given = read_positive(c.get("price"))
            if given is None:
                return self.reject(id_, "invalid-price")
        o = self.orders.get(id_)
        if o is None:
            return self.reject(id_, "unknown-id")
        book = self.books[o.symbol]
        price = o.price if given is None else given
        if price % book.tick != 0:
            return self.reject(id_, "off-tick")
        keep = price == o.price and quantity <= o.remaining
        if not keep and o.post_only:
            best = book.opposite(o.side).best()
            if best is not None and crosses(o.side, price, best.price):
                return self.reject(id_, "post-only-would-cross")
        target = book.own(o.side).levels.get(price)
        base = 0 if target is None else target.total - (o.remaining if o.level is target else 0)
        if base > MAX - quantity:
            return self.reject(id_, "quantity-overflow")

        self.events.append({"type": "modified", "id": id_, "symbol": o.symbol, "side": o.side, "price": str(price),
                            "quantity": str(quantity), "priority": "kept" if keep else "lost"})
        level = o.level
        self.touch(level)
        if keep:
            level.total += quantity - o.remaining
            o.remaining = quantity
        else:
            # Cancel-replace: out of the queue (the level stays until publish), then in again as a taker.
            self.unlink(o, level)
            o.price, o.remaining = price, quantity
            self.match_and_place(o, book)
        self.publish(book)

    # ---- matching ------------------------------------------------------------------------

    def match_and_place(self, taker, book):
        opp = book.opposite(taker.side)
        mode = taker.stp
        while taker.remaining > 0:
            level = opp.best()
            if level is None or not crosses(taker.side, taker.price, level.price):
                break
            self.touch(level)
            for maker in list(level.orders):
                if taker.remaining == 0:
                    break
                if mode != "none" and maker.account == taker.account:
                    self.self_trade(mode, taker, maker, level)
                else:
                    q = min(taker.remaining, maker.remaining)
                    self.events.append({"type": "trade", "symbol": book.symbol, "price": str(level.price), "quantity": str(q),
                                        "makerId": maker.id, "takerId": taker.id, "takerSide": taker.side})
                    maker.remaining -= q
                    level.total -= q
                    taker.remaining -= q
                    if maker.remaining == 0:
                        self.retire(maker, level)
            if not level.orders:
                opp.remove(level)
        if taker.remaining == 0:
            return
        if taker.tif == "gtc":
            level = book.own(taker.side).get_or_create(taker.price)
            self.touch(level)
            taker.level = level
            level.orders.append(taker)
            level.total += taker.remaining
            self.orders[taker.id] = taker
        else:
            self.emit_expired(taker.id, book.symbol, taker.remaining)

    def self_trade(self, mode, taker, maker, level):
        if mode == "decrement-and-cancel":
            d = min(taker.remaining, maker.remaining)
            maker.remaining -= d
            level.total -= d
            taker.remaining -= d
            self.emit_cancelled(maker.id, taker.symbol, d, maker.remaining, "self-trade")
            if maker.remaining == 0:
                self.retire(maker, level)
            self.emit_cancelled(taker.id, taker.symbol, d, taker.remaining, "self-trade")
            return
        if mode in ("cancel-oldest", "cancel-both"):
            self.emit_cancelled(maker.id, taker.symbol, maker.remaining, 0, "self-trade")
            self.retire(maker, level)
        if mode in ("cancel-newest", "cancel-both"):
            self.emit_cancelled(taker.id, taker.symbol, taker.remaining, 0, "self-trade")
            taker.remaining = 0

    def fok_can_fill(self, taker, opp):
        """Walks the crossing queue as matching would: cancel-oldest skips own orders, other STP modes stop there."""
        mode = taker.stp
        need = taker.remaining
        for level in opp.best_first():
            if not crosses(taker.side, taker.price, level.price):
                return False
            for m in level.orders:
                if mode != "none" and m.account == taker.account:
                    if mode == "cancel-oldest":
                        continue
                    return False
                need -= m.remaining
                if need <= 0:
                    return True
        return False

    def unlink(self, o, level):
        level.orders.remove(o)
        level.total -= o.remaining
        del self.orders[o.id]
        o.level = None

    def retire(self, o, level):
        self.touch(level)
        self.unlink(o, level)

    # ---- market data ---------------------------------------------------------------------

    def touch(self, level):
        if not any(t is level for t in self.touched):
            self.touched.append(level)

    def publish(self, book):
        touched = sorted(self.touched, key=lambda lv: (0, -lv.price) if lv.side == "buy" else (1, lv.price))
        self.touched = []
        for level in touched:
            count = len(level.orders)
            if count == 0:
                book.own(level.side).remove(level)
            if (level.total, count) != level.published:
                self.events.append({"type": "level", "symbol": book.symbol, "side": level.side, "price": str(level.price),
                                    "quantity": str(level.total), "orders": count})
                level.published = (level.total, count)
        bid, ask = book.bids.best(), book.asks.best()
        top = (bid.price if bid else 0, bid.total if bid else 0, ask.price if ask else 0, ask.total if ask else 0)
        if top != book.published:
            book.published = top
            self.events.append({"type": "bbo", "symbol": book.symbol, "bidPrice": str(bid.price) if bid else None,
                                "bidQuantity": str(top[1]), "askPrice": str(ask.price) if ask else None, "askQuantity": str(top[3])})

    def snapshot(self):
        def side(s):
            return [{"price": str(lv.price), "quantity": str(lv.total),
                     "orders": [{"id": o.id, "account": o.account, "quantity": str(o.remaining)} for o in lv.orders]}
                    for lv in s.best_first()]

        # sorted by code unit (UTF-16), as the reference: differs from code points only above U+FFFF
        names = sorted(self.books, key=lambda s: s.encode("utf-16-be"))
        return [{"symbol": n, "bids": side(self.books[n].bids), "asks": side(self.books[n].asks)} for n in names]


engine = Engine([])


def reset(params):
    global engine
    engine = Engine(params["config"]["symbols"])


def main(on_request=None):
    serve(
        implementation={"name": "fairwire-example-matching-python", "version": "1.0.0", "language": "python"},
        # What this engine really supports, flag by flag (adapters/matching.ts): FOK on market
        # orders too, a size decrease keeps priority, and each of the four STP modes.
        components={"matching": {"capabilities": {
            "market": True, "ioc": True, "fok": True, "fokMarket": True, "postOnly": True,
            "modify": True, "modifyDecreaseKeepsPriority": True,
            "stpCancelNewest": True, "stpCancelOldest": True, "stpCancelBoth": True, "stpDecrementAndCancel": True,
            "multiSymbol": True, "marketData": True}}},
        handlers={
            "echo": lambda p: p["value"],
            "matching.reset": reset,
            "matching.apply": lambda p: {"events": engine.apply(p.get("command"))},
            "matching.snapshot": lambda p: {"books": engine.snapshot()},
        },
        on_request=on_request,
    )


if __name__ == "__main__":
    main()
