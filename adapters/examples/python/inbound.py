#!/usr/bin/env python3
"""An example fairwire vendor: inbound-path nodes in Python 3 (standard library only).

Written from spec/protocol/README.md (section "Inbound nodes"), spec/exchange/loq.md and the
fairness definitions: the harness owns time, links and clocks; each node answers an event
(start, an order submitted, a mid-price change, a message from a child, an uplink credit back,
a timer) with actions (send to the parent, release to the matching engine, timers). One process
hosts every node of a tree; every request names its node. All three roles are declared in
`ready`, with LOQ support.

Keys. Without LOQ an order's key is (timestamp, participant); with LOQ, per class, (epoch,
timestamp, participant) and the class (critical first). A heartbeat with key k promises the
parent that nothing below k follows on that link (in its class, with LOQ).

Gateway: stamps each submitted order with its clock reading at submit. Without LOQ it forwards
in submit order; with LOQ it files each order under the current epoch (+1 at each change of the
mid) and class (a bid is critical iff price >= mid - A, an ask iff price <= mid + A), pops by
(epoch, class, timestamp, participant, arrival) and tags what it sends. An order leaves only
with an uplink credit (one per order, back with a `credit` event). At start and every heartbeat
period it sends a heartbeat carrying its LOW-WATER MARK: the smallest key it may still send, i.e. the
minimum of its queued orders and (now, itself) -- per class with LOQ, (current epoch, now,
itself) -- for each class whose mark moved on (within an epoch too: the merges above release
non-critical orders on those heartbeats, without waiting for a mid change).

Proxy and sequencer: merge their children. 'timestamp': a Jasper sequencer, one FIFO per child,
releasing the smallest head by (timestamp, participant) while every FIFO holds something
(heartbeats dropped as they reach the head). 'class-aware': one FIFO of orders per (child,
class); the smallest head of a class (epoch e) leaves when it is <= the bound (head, else the
last key heard) of every queue of its class and every queue of the other class has a bound of
epoch >= e; critical first when both may (see ClassMerge). The sequencer releases orders to the
matching engine; a proxy queues them (an egress LOQ keeping the upstream tags, or a FIFO), sends
them on credit, and after every event -- or, with heartbeatPeriodNs > 0, at most once per period
-- sends a heartbeat per class with its low-water mark -- the smallest bound of that class's
queues, and of its own queued orders -- when it moved on (never its clock: that would let a
younger order overtake an older one held below).

    npx fairwire conform --component exchange --adapter cmd:"python3 adapters/examples/python/inbound.py"

Planted bugs, for the suite's own tests (never set in normal use): FAIRWIRE_INBOUND_BUG=
  proxy-dummy-now        proxies stamp their heartbeats with their own clock
  gateway-late-clock     gateways stamp heartbeats with the clock even while they hold older orders
  strict-class-merge     class-aware merges use the old strict rule (smallest (epoch, class, timestamp,
                         participant) head while every (child, class) queue holds something): safe,
                         but a non-critical order waits for the next mid change (fails liveness)
"""

import heapq
import os
import sys
from collections import deque

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fairwire_vendor import VendorError, log, serve  # noqa: E402,F401

BUG = os.environ.get("FAIRWIRE_INBOUND_BUG", "")
HEARTBEAT_TIMER = "heartbeat"
DUMMY_TIMER = "dummy"
INF = float("inf")


def critical_of(order, mid, window):
    if order["side"] == "bid":
        return order["price"] >= mid - window
    return order["price"] <= mid + window


def order_key(msg, tagged):
    """A message's merge key: (epoch, class, timestamp, participant) with tags, else (timestamp, participant)."""
    participant = msg["order"]["participant"] if msg["kind"] == "order" else msg["participant"]
    if tagged:
        return (msg["epoch"], 0 if msg["critical"] else 1, msg["timestamp"], participant)
    return (msg["timestamp"], participant)


class Egress:
    """What a node holds for its uplink: orders waiting for a credit, in the order they go out."""

    def __init__(self, config, loq):
        self.credits = config["uplinkCredits"]
        self.loq = loq
        self.heap = []
        self.fifo = deque()
        self.arrival = 0

    def push(self, msg):
        if self.loq:
            self.arrival += 1
            heapq.heappush(self.heap, (order_key(msg, True), self.arrival, msg))
        else:
            self.fifo.append(msg)

    def queued(self):
        return [m for _, _, m in self.heap] if self.loq else list(self.fifo)

    def drain(self, to):
        actions = []
        while self.credits > 0 and (self.heap or self.fifo):
            msg = heapq.heappop(self.heap)[2] if self.loq else self.fifo.popleft()
            self.credits -= 1
            actions.append({"type": "send", "to": to, "message": msg})
        return actions


class Marks:
    """The last key sent per class (None: untagged), order or heartbeat: a heartbeat goes up only when its mark moves past it."""

    def __init__(self, tagged):
        self.tagged = tagged
        self.sent = {}

    def orders_sent(self, actions):
        """Notes the keys of the orders among `actions`; returns them."""
        for a in actions:
            m = a["message"]
            if self.tagged:
                cls, key = (0 if m["critical"] else 1), (m["epoch"], m["timestamp"], m["order"]["participant"])
            else:
                cls, key = None, (m["timestamp"], m["order"]["participant"])
            last = self.sent.get(cls)
            if last is None or last < key:
                self.sent[cls] = key
        return actions

    def heartbeat(self, to, cls, mark):
        """mark: (timestamp, participant) or (epoch, timestamp, participant) with a class."""
        last = self.sent.get(cls)
        if mark is None or (last is not None and mark <= last):
            return []
        self.sent[cls] = mark
        if cls is None:
            msg = {"kind": "heartbeat", "timestamp": mark[0], "participant": mark[1]}
        else:
            msg = {"kind": "heartbeat", "timestamp": mark[1], "participant": mark[2], "epoch": mark[0], "critical": cls == 0}
        return [{"type": "send", "to": to, "message": msg}]


class Gateway:
    def __init__(self, config):
        self.c = config
        self.loq = config["loq"]
        self.tagged = self.loq is not None
        self.egress = Egress(config, self.tagged)
        self.marks = Marks(self.tagged)
        self.mid = self.loq["mid"] if self.loq else 0
        self.epoch = 0
        self.me = config["participant"]

    def start(self, p):
        return self.heartbeat(p["time"]) + [{"type": "timer", "at": p["time"] + self.c["heartbeatPeriodNs"], "timer": HEARTBEAT_TIMER}]

    def submit(self, p):
        order = p["order"]
        if order["participant"] != self.me:
            raise VendorError("bad-request", "order %d of participant %d at the gateway of %d" % (order["id"], order["participant"], self.me))
        msg = {"kind": "order", "order": order, "timestamp": p["time"]}
        if self.tagged:
            msg["epoch"] = self.epoch
            msg["critical"] = critical_of(order, self.mid, self.loq["window"])
        self.egress.push(msg)
        return self.marks.orders_sent(self.egress.drain(self.c["parent"]))

    def mid_change(self, p):
        if not self.tagged:
            return []
        if p["mid"] != self.mid:
            self.mid = p["mid"]
            self.epoch += 1
        return []

    def credit(self, p):
        self.egress.credits += 1
        return self.marks.orders_sent(self.egress.drain(self.c["parent"]))

    def timer(self, p):
        if p["timer"] != HEARTBEAT_TIMER:
            raise VendorError("bad-request", "unknown timer %r" % p["timer"])
        return self.heartbeat(p["time"]) + [{"type": "timer", "at": p["time"] + self.c["heartbeatPeriodNs"], "timer": HEARTBEAT_TIMER}]

    def heartbeat(self, now):
        actions = []
        queued = self.egress.queued()
        to = self.c["parent"]
        if self.tagged:
            for cls in (0, 1):
                mark = (self.epoch, now, self.me)
                if BUG != "gateway-late-clock":
                    for m in queued:
                        if (0 if m["critical"] else 1) == cls:
                            mark = min(mark, (m["epoch"], m["timestamp"], self.me))
                actions += self.marks.heartbeat(to, cls, mark)
        else:
            mark = (now, self.me)
            if BUG != "gateway-late-clock":
                for m in queued:
                    mark = min(mark, (m["timestamp"], self.me))
            actions += self.marks.heartbeat(to, None, mark)
        return actions

    def message(self, p):
        raise VendorError("bad-request", "a gateway has no children")


class ClassMerge:
    """The class-aware merge (spec/exchange/loq.md, "The correct composition"): one FIFO of orders
    per (link, class), keyed by (epoch, timestamp, participant). Each class leaves sorted; the two
    classes are tied by epochs only, so a non-critical order never waits for the next mid change.

    Bound of a queue: its head order, else the last key it received (order or heartbeat), else
    unknown. The smallest head x of class c (epoch e) leaves when (a) x <= the bound of every
    class-c queue and (b) every queue of the other class has a bound of epoch >= e; critical first
    when both classes may. Heartbeats are never queued: they only move a queue's last key.
    """

    def __init__(self, links):
        self.slots = [(i, cls) for i in range(links) for cls in (0, 1)]
        self.queues = {slot: deque() for slot in self.slots}
        self.last = {}

    def order(self, slot, key, msg):
        self.queues[slot].append((key, msg))
        self.last[slot] = key
        return self.release()

    def heartbeat(self, slot, key):
        self.last[slot] = key
        return self.release()

    def bound(self, slot):
        q = self.queues[slot]
        return q[0][0] if q else self.last.get(slot)

    def low_water_mark(self, cls):
        """The smallest bound of class cls: the least key this merge may still release in it; None while a link is unheard."""
        mark = None
        for i, c in self.slots:
            if c != cls:
                continue
            b = self.bound((i, c))
            if b is None:
                return None
            if mark is None or b < mark:
                mark = b
        return mark

    def releasable(self, cls):
        """The slot whose head order class cls may release now, or None."""
        best = None
        empty = None  # the smallest last key among the class's queues without an order
        for i, c in self.slots:
            if c != cls:
                continue
            q = self.queues[(i, c)]
            if q:
                if best is None or q[0][0] < self.queues[best][0][0]:
                    best = (i, c)
            else:
                b = self.last.get((i, c))
                if b is None:
                    return None
                if empty is None or b < empty:
                    empty = b
        if best is None:
            return None
        x = self.queues[best][0][0]
        if empty is not None and empty < x:
            return None  # (a): an empty queue may still send below x
        other = self.low_water_mark(1 - cls)
        if other is None or other[0] < x[0]:
            return None  # (b): the other class may still send an older epoch
        return best

    def release(self):
        out = []
        while True:
            slot = self.releasable(0)
            if slot is None:
                slot = self.releasable(1)
            if slot is None:
                return out
            out.append(self.queues[slot].popleft()[1])


class QueueMerge:
    """A merge that releases the smallest head while every queue holds something, heartbeats
    queued and dropped at the head. Per link: a Jasper sequencer by (timestamp, participant).
    Per (link, class) by (epoch, class, timestamp, participant): the OLD strict class-aware rule,
    kept for FAIRWIRE_INBOUND_BUG=strict-class-merge -- a non-critical order waits until every
    link's critical class has moved past its epoch, i.e. for the next mid change."""

    def __init__(self, slots):
        self.queues = {slot: deque() for slot in slots}
        self.last = {}
        self.nonempty = 0

    def push(self, slot, key, msg):
        q = self.queues[slot]
        q.append((key, msg))
        self.last[slot] = key
        if len(q) == 1:
            self.nonempty += 1
        out = []
        while self.nonempty == len(self.queues):
            best = None
            for q in self.queues.values():
                if best is None or q[0][0] < best[0][0]:
                    best = q
            _, m = best.popleft()
            if not best:
                self.nonempty -= 1
            if m["kind"] == "order":
                out.append(m)
        return out

    def low_water_mark(self, cls):
        mark = None
        for (i, c), q in self.queues.items():
            if c != cls:
                continue
            k = q[0][0] if q else self.last.get((i, c))
            if k is None:
                return None
            if mark is None or k < mark:
                mark = k
        return mark


class Merger:
    """Proxy or sequencer: merges its children, then releases (sequencer) or forwards (proxy)."""

    def __init__(self, config):
        self.c = config
        self.class_aware = config["merge"] == "class-aware"
        self.classes = (0, 1) if self.class_aware else (None,)
        links = len(config["children"])
        self.link = {child: i for i, child in enumerate(config["children"])}
        if self.class_aware and BUG != "strict-class-merge":
            self.merge = ClassMerge(links)
        else:
            self.merge = QueueMerge([(i, cls) for i in range(links) for cls in self.classes])
        self.root = config["role"] == "sequencer"
        # An egress LOQ keeps the upstream tags, so it needs a class-aware tree.
        loq = config["loq"] is not None and not self.root and self.class_aware
        self.egress = None if self.root else Egress(config, loq)
        self.marks = Marks(self.class_aware)
        # v1.1: a proxy with a period sends its heartbeats at most once per period, on a timer.
        self.period = 0 if self.root else config["heartbeatPeriodNs"]
        self.armed = False

    def submit(self, p):
        raise VendorError("bad-request", "only gateways get orders submitted")

    def mid_change(self, p):
        return []

    def timer(self, p):
        if p["timer"] != DUMMY_TIMER or self.root:
            raise VendorError("bad-request", "unknown timer %r" % p["timer"])
        self.armed = False
        return self.heartbeats(p["time"])

    def cls_of(self, msg):
        if not self.class_aware:
            return None
        if "critical" not in msg:
            raise VendorError("bad-request", "an untagged message reached a class-aware merge")
        return 0 if msg["critical"] else 1

    def key(self, msg):
        """The merge key: per class (epoch, timestamp, participant) -- with the class in it under
        the strict rule, whose one comparison orders across classes -- else (timestamp, participant)."""
        k = order_key(msg, self.class_aware)
        if isinstance(self.merge, ClassMerge):
            return (k[0], k[2], k[3])
        return k

    def start(self, p):
        return self.after(p["time"], [])

    def message(self, p):
        child = p["from"]
        if child not in self.link:
            raise VendorError("bad-request", "%s is not a child of %s" % (child, self.c["id"]))
        msg = p["message"]
        slot = (self.link[child], self.cls_of(msg))
        key = self.key(msg)
        if not isinstance(self.merge, ClassMerge):
            released = self.merge.push(slot, key, msg)
        elif msg["kind"] == "order":
            released = self.merge.order(slot, key, msg)
        else:
            released = self.merge.heartbeat(slot, key)
        return self.after(p["time"], released)

    def credit(self, p):
        if self.root:
            raise VendorError("bad-request", "the sequencer has no uplink")
        self.egress.credits += 1
        return self.after(p["time"], [])

    def after(self, now, released):
        """What follows an event: releases at the root; at a proxy, the egress drained on credit, then heartbeats (now, or a timer)."""
        if self.root:
            return [{"type": "release", "id": m["order"]["id"]} for m in released]
        for m in released:
            self.egress.push(m)
        actions = self.marks.orders_sent(self.egress.drain(self.c["parent"]))
        if self.period == 0:
            return actions + self.heartbeats(now)
        if not self.armed:
            self.armed = True
            actions.append({"type": "timer", "at": now + self.period, "timer": DUMMY_TIMER})
        return actions

    def heartbeats(self, now):
        """Per class, the low-water mark: the least of the merge's (what it may still release) and
        of the orders held for the uplink -- never the clock, which would let a younger order
        from a sibling overtake an older one held here."""
        actions = []
        to = self.c["parent"]
        queued = self.egress.queued()
        for cls in self.classes:
            mark = self.merge.low_water_mark(cls)
            if mark is None:
                continue
            for m in queued:
                if self.cls_of(m) == cls:
                    mark = min(mark, self.key(m))
            if self.class_aware and len(mark) == 4:
                mark = (mark[0], mark[2], mark[3])  # strict keys hold the class; the heartbeat's class is cls
            if BUG == "proxy-dummy-now":
                mark = (mark[0], now, self.c["participants"] - 1) if self.class_aware else (now, self.c["participants"] - 1)
            actions += self.marks.heartbeat(to, cls, mark)
        return actions


nodes = {}


def node(params):
    n = nodes.get(params["node"])
    if n is None:
        raise VendorError("bad-request", "no node %r configured" % params["node"])
    return n


def configure(params):
    config = params["node"]
    role = config["role"]
    if role == "gateway":
        if config["participant"] is None or config["heartbeatPeriodNs"] < 1 or config["uplinkCredits"] < 1:
            raise VendorError("bad-config", "a gateway needs a participant, a heartbeat period >= 1 and a credit")
        nodes[config["id"]] = Gateway(config)
    else:
        if not config["children"]:
            raise VendorError("bad-config", "a %s needs children" % role)
        if role == "proxy" and config["uplinkCredits"] < 1:
            raise VendorError("bad-config", "a proxy needs an uplink credit")
        nodes[config["id"]] = Merger(config)
    return None


def actions(method):
    return lambda p: {"actions": getattr(node(p), method)(p)}


def main(on_request=None):
    serve(
        implementation={"name": "fairwire-example-inbound-python", "version": "1.0.0", "language": "python"},
        components={"exchange": {"capabilities": {"gateway": True, "proxy": True, "sequencer": True, "loq": True}}},
        handlers={
            "echo": lambda p: p["value"],
            "inbound.configure": configure,
            "inbound.start": actions("start"),
            "inbound.submit": actions("submit"),
            "inbound.mid": actions("mid_change"),
            "inbound.message": actions("message"),
            "inbound.credit": actions("credit"),
            "inbound.timer": actions("timer"),
        },
        on_request=on_request,
    )


if __name__ == "__main__":
    main()
