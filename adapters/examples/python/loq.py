#!/usr/bin/env python3
"""An example fairwire vendor: the Limit Order Queue in Python 3 (standard library only).

spec/exchange/loq.md: with mid M and action window A, a bid is critical iff price >= M - A, an
ask iff price <= M + A. The queue pops by (epoch, critical ? 0 : 1, timestamp, participant,
arrival); the epoch grows by one each time setMid receives a different value, and an order's
epoch and class are fixed when it is pushed. SimplePQ pops by (timestamp, participant, arrival)
and reports every order as epoch 0, critical. A heap of key tuples does both. Declares loq,
simplePq and proxy (pushTagged keeps the upstream tags).

    npx fairwire conform --component loq --adapter cmd:"python3 adapters/examples/python/loq.py"
"""

import heapq
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fairwire_vendor import VendorError, serve  # noqa: E402

MAX_SAFE = 2**53 - 1
MAX_QUEUED = 1 << 24
MAX_EPOCH = 2**51


def safe_int(x):
    """A JSON number that is a safe integer (bool is an int in Python, not in JSON)."""
    if isinstance(x, bool):
        return False
    if isinstance(x, float):
        return x.is_integer() and abs(x) <= MAX_SAFE
    return isinstance(x, int) and abs(x) <= MAX_SAFE


def check_order(o):
    def bad(why):
        raise VendorError("bad-order", "order %r: %s" % (o.get("id") if isinstance(o, dict) else None, why))

    if not isinstance(o, dict):
        bad("not an object")
    if o.get("side") not in ("bid", "ask"):
        bad("side %r" % (o.get("side"),))
    if not safe_int(o.get("price")):
        bad("price %r is not a safe integer" % (o.get("price"),))
    q = o.get("quantity")
    if not safe_int(q) or q <= 0:
        bad("quantity %r is not a positive safe integer" % (q,))
    if not safe_int(o.get("timestamp")):
        bad("timestamp %r is not a safe integer" % (o.get("timestamp"),))
    p = o.get("participant")
    if not safe_int(p) or not 0 <= p <= 0x7FFFFFFF:
        bad("participant %r" % (p,))


class Queue:
    """kind "loq" (mid, window) or "simple-pq" (mid is None: no classes, everything epoch 0)."""

    def __init__(self, mid, window):
        self.mid = mid
        self.window = window
        self.epoch = 0
        self.heap = []
        self.arrivals = 0

    def critical(self, order):
        if order["side"] == "bid":
            return order["price"] >= self.mid - self.window
        return order["price"] <= self.mid + self.window

    def insert(self, epoch, critical, order):
        if len(self.heap) >= MAX_QUEUED:
            raise VendorError("overflow", "more than %d orders queued" % MAX_QUEUED)
        self.arrivals += 1
        # arrival is unique, so the order dict itself is never compared
        heapq.heappush(self.heap, (epoch, 0 if critical else 1, order["timestamp"], order["participant"], self.arrivals, order))

    def push(self, order):
        check_order(order)
        if self.mid is None:
            self.insert(0, True, order)
        else:
            self.insert(self.epoch, self.critical(order), order)

    def push_tagged(self, order, epoch, critical):
        if self.mid is None:
            raise VendorError("bad-config", "pushTagged needs a queue of kind loq")
        check_order(order)
        if not safe_int(epoch) or not 0 <= epoch < MAX_EPOCH or not isinstance(critical, bool):
            raise VendorError("bad-order", "order %r: epoch %r, critical %r" % (order.get("id"), epoch, critical))
        self.insert(int(epoch), critical, order)

    def pop(self):
        if not self.heap:
            return None
        epoch, cls, _ts, _participant, _arrival, order = heapq.heappop(self.heap)
        return {"order": order, "epoch": epoch, "critical": cls == 0}

    def set_mid(self, mid):
        if not safe_int(mid):
            raise VendorError("bad-config", "mid %r is not a safe integer" % (mid,))
        if self.mid is None or mid == self.mid:
            return
        self.mid = mid
        self.epoch += 1


queues = []


def queue(params):
    i = params.get("instance")
    if not isinstance(i, int) or not 0 <= i < len(queues):
        raise VendorError("bad-request", "no loq instance %r" % (i,))
    return queues[i]


def create(params):
    config = params["config"]
    kind = config.get("kind")
    if kind == "loq":
        mid, window = config.get("mid"), config.get("window")
        if not safe_int(mid):
            raise VendorError("bad-config", "mid %r is not a safe integer" % (mid,))
        if not safe_int(window) or window < 0:
            raise VendorError("bad-config", "window %r is not a non-negative safe integer" % (window,))
        queues.append(Queue(mid, window))
    elif kind == "simple-pq":
        queues.append(Queue(None, 0))
    else:
        raise VendorError("bad-config", "unknown queue kind %r" % (kind,))
    return {"instance": len(queues) - 1}


def main(on_request=None):
    serve(
        implementation={"name": "fairwire-example-loq-python", "version": "1.0.0", "language": "python"},
        components={"loq": {"capabilities": {"loq": True, "simplePq": True, "proxy": True}}},
        handlers={
            "echo": lambda p: p["value"],
            "loq.create": create,
            "loq.push": lambda p: queue(p).push(p["order"]),
            "loq.pushTagged": lambda p: queue(p).push_tagged(p["order"], p["epoch"], p["critical"]),
            "loq.pop": lambda p: {"popped": queue(p).pop()},
            "loq.setMid": lambda p: queue(p).set_mid(p["mid"]),
            "loq.size": lambda p: {"size": len(queue(p).heap)},
        },
        on_request=on_request,
    )


if __name__ == "__main__":
    main()
