#!/usr/bin/env python3
"""An example fairwire vendor: a tree of Jasper sequencers whose proxies heartbeat SLOWLY
(Python 3, standard library only).

Participants feed leaf proxies in consecutive blocks of `fanout`; each proxy is a Jasper
sequencer over its children and forwards what it releases to its parent; the root's releases
are the output. A proxy's heartbeat (dummy) carries its low-water mark: the smallest key it may
still forward (per child, the queue head, or the last key heard when that queue is empty).
Unlike the reference, which sends an advanced mark on every tick, these proxies send at most one
dummy per PROXY_PERIOD time units (default 20, more than any gateway's heartbeat period in the
catalog), and say so in `sequencer.create`'s reply (`proxyHeartbeatPeriod`), so the harness
waits for the tree's liveness bound t + P + L + depth * PROXY_PERIOD before judging.
Declares `jasper` and `tree` (no CloudEx baseline).

    npx fairwire conform --component sequencer --adapter cmd:"python3 adapters/examples/python/sequencer_slow_proxy_heartbeats.py"
    npx fairwire conform --component sequencer --adapter cmd:"python3 adapters/examples/python/sequencer_slow_proxy_heartbeats.py --proxy-period 50"
"""

import os
import sys
from collections import deque

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fairwire_vendor import VendorError, serve  # noqa: E402

MAX_SAFE = 2**53 - 1
MAX_PROXY_PERIOD = 1000  # the protocol's limit on a declared proxy heartbeat period


def safe_int(x):
    return isinstance(x, int) and not isinstance(x, bool) and abs(x) <= MAX_SAFE


class Jasper:
    """One FIFO per input link; while every FIFO holds something, the head with the smallest
    key (timestamp, participant) leaves: dropped if a dummy, else handed to `release`."""

    def __init__(self, links, release):
        self.queues = [deque() for _ in range(links)]
        self.last = [None] * links  # last key heard per link (order or dummy)
        self.non_empty = 0
        self.release = release

    def put(self, link, timestamp, participant, dummy, id_):
        q = self.queues[link]
        q.append((timestamp, participant, dummy, id_))
        self.last[link] = (timestamp, participant)
        if len(q) == 1:
            self.non_empty += 1
            self.drain()

    def drain(self):
        while self.non_empty == len(self.queues):
            q = min(self.queues, key=lambda q: (q[0][0], q[0][1]))
            timestamp, participant, dummy, id_ = q.popleft()
            if not q:
                self.non_empty -= 1
            if not dummy:
                self.release(timestamp, participant, id_)

    def low_water_mark(self):
        """Nothing this sequencer releases later has a smaller key; None until every link spoke."""
        best = None
        for q, last in zip(self.queues, self.last):
            k = (q[0][0], q[0][1]) if q else last
            if k is None:
                return None
            if best is None or k < best:
                best = k
        return best


class Proxy:
    def __init__(self, links):
        self.seq = Jasper(links, self.forward)
        self.parent = None  # (Jasper, link)
        self.sent = None  # the last mark sent upward
        self.sent_at = None  # when it was sent

    def forward(self, timestamp, participant, id_):
        parent, link = self.parent
        parent.put(link, timestamp, participant, False, id_)


class Instance:
    def __init__(self, participants, fanout, proxy_period):
        self.released = []
        self.last_now = None
        self.proxy_period = proxy_period
        self.proxies = []  # bottom layer first: one tick carries a mark up every layer
        self.entry = [None] * participants
        layer = [("participant", p) for p in range(participants)]
        while len(layer) > fanout:
            nxt = []
            for start in range(0, len(layer), fanout):
                children = layer[start:start + fanout]
                proxy = Proxy(len(children))
                for i, child in enumerate(children):
                    self.attach(child, (proxy.seq, i))
                self.proxies.append(proxy)
                nxt.append(("proxy", proxy))
            layer = nxt
        root = Jasper(len(layer), self.emit)
        for i, child in enumerate(layer):
            self.attach(child, (root, i))

    def attach(self, child, up):
        kind, x = child
        if kind == "participant":
            self.entry[x] = up
        else:
            x.parent = up

    def emit(self, timestamp, participant, id_):
        self.released.append({"participant": participant, "timestamp": timestamp, "id": id_})

    def clock(self, now):
        if not safe_int(now):
            raise VendorError("bad-timestamp", "now %r is not a safe integer" % (now,))
        if self.last_now is not None and now < self.last_now:
            raise VendorError("time-went-back", "now %d < %d" % (now, self.last_now))
        self.last_now = now

    def put(self, now, participant, timestamp, dummy, id_):
        self.clock(now)
        if not isinstance(participant, int) or not 0 <= participant < len(self.entry):
            raise VendorError("bad-participant", "participant %r outside 0..%d" % (participant, len(self.entry) - 1))
        if not safe_int(timestamp):
            raise VendorError("bad-timestamp", "timestamp %r is not a safe integer" % (timestamp,))
        seq, link = self.entry[participant]
        seq.put(link, timestamp, participant, dummy, id_)

    def tick(self, now):
        self.clock(now)
        for proxy in self.proxies:
            if proxy.sent_at is not None and now - proxy.sent_at < self.proxy_period:
                continue  # the slow part: at most one dummy per proxy period
            mark = proxy.seq.low_water_mark()
            if mark is None or (proxy.sent is not None and mark <= proxy.sent):
                continue
            proxy.sent = mark
            proxy.sent_at = now
            parent, link = proxy.parent
            parent.put(link, mark[0], mark[1], True, None)


instances = []
PROXY_PERIOD = 20


def instance(params):
    i = params["instance"]
    if not 0 <= i < len(instances):
        raise VendorError("bad-request", "no sequencer instance %d" % i)
    return instances[i]


def create(params):
    config = params["config"]
    kind = config["kind"]
    n = config["participants"]
    if not isinstance(n, int) or not 1 <= n <= 1 << 20:
        raise VendorError("bad-config", "participants must be in 1..2^20")
    if kind == "jasper":
        instances.append(Instance(n, max(2, n), PROXY_PERIOD))  # one node: no proxies
        return {"instance": len(instances) - 1}
    if kind == "tree":
        fanout = config["fanout"]
        if not isinstance(fanout, int) or fanout < 2:
            raise VendorError("bad-config", "fanout must be an integer >= 2")
        instances.append(Instance(n, fanout, PROXY_PERIOD))
        return {"instance": len(instances) - 1, "proxyHeartbeatPeriod": PROXY_PERIOD}
    raise VendorError("unsupported", "the CloudEx baseline is not implemented")


def drain(p):
    s = instance(p)
    out, s.released = s.released, []
    return {"released": out}


def main():
    global PROXY_PERIOD
    args = sys.argv[1:]
    if args[:1] == ["--proxy-period"] and len(args) == 2 and args[1].isdigit() and int(args[1]) <= MAX_PROXY_PERIOD:
        PROXY_PERIOD = int(args[1])
    elif args:
        print("usage: sequencer_slow_proxy_heartbeats.py [--proxy-period 0..%d]" % MAX_PROXY_PERIOD, file=sys.stderr)
        sys.exit(2)
    serve(
        implementation={"name": "fairwire-example-sequencer-slow-proxies-python", "version": "1.0.0", "language": "python"},
        components={"sequencer": {"capabilities": {"jasper": True, "tree": True, "cloudex": False}}},
        handlers={
            "echo": lambda p: p["value"],
            "sequencer.create": create,
            "sequencer.enqueue": lambda p: instance(p).put(p["now"], p["participant"], p["timestamp"], False, p["id"]),
            "sequencer.heartbeat": lambda p: instance(p).put(p["now"], p["participant"], p["timestamp"], True, None),
            "sequencer.tick": lambda p: instance(p).tick(p["now"]),
            "sequencer.drain": drain,
        },
    )


if __name__ == "__main__":
    main()
