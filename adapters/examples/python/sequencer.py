#!/usr/bin/env python3
"""An example fairwire vendor: the Jasper sequencer in Python 3 (standard library only).

One FIFO per participant; while every FIFO holds something, the head with the smallest key
(timestamp, participant) leaves: dropped if it is a heartbeat (dummy), released otherwise.
Declares `jasper` only (no tree of proxies, no CloudEx baseline).

    npx fairwire conform --component sequencer --adapter cmd:"python3 adapters/examples/python/sequencer.py"
"""

import os
import sys
from collections import deque

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fairwire_vendor import VendorError, serve  # noqa: E402

MAX_SAFE = 2**53 - 1


def key(entry):
    """The release order: timestamp, then participant id (never arrival order)."""
    timestamp, participant, _dummy, _id, _arrival = entry
    return (timestamp, participant)


class Jasper:
    def __init__(self, participants):
        self.queues = [deque() for _ in range(participants)]
        self.non_empty = 0
        self.released = []
        self.last_now = None
        self.arrivals = 0

    def clock(self, now):
        if not isinstance(now, int) or abs(now) > MAX_SAFE:
            raise VendorError("bad-timestamp", "now %r is not a safe integer" % (now,))
        if self.last_now is not None and now < self.last_now:
            raise VendorError("time-went-back", "now %d < %d" % (now, self.last_now))
        self.last_now = now

    def put(self, now, participant, timestamp, dummy, id_):
        self.clock(now)
        if not isinstance(participant, int) or not 0 <= participant < len(self.queues):
            raise VendorError("bad-participant", "participant %r outside 0..%d" % (participant, len(self.queues) - 1))
        if not isinstance(timestamp, int) or abs(timestamp) > MAX_SAFE:
            raise VendorError("bad-timestamp", "timestamp %r is not a safe integer" % (timestamp,))
        q = self.queues[participant]
        self.arrivals += 1
        q.append((timestamp, participant, dummy, id_, self.arrivals))
        if len(q) == 1:
            self.non_empty += 1
            self.release()

    def release(self):
        while self.non_empty == len(self.queues):
            q = min(self.queues, key=lambda q: key(q[0]))
            timestamp, participant, dummy, id_, _ = q.popleft()
            if not q:
                self.non_empty -= 1
            if not dummy:
                self.released.append({"participant": participant, "timestamp": timestamp, "id": id_})


instances = []


def instance(params):
    i = params["instance"]
    if not 0 <= i < len(instances):
        raise VendorError("bad-request", "no sequencer instance %d" % i)
    return instances[i]


def create(params):
    config = params["config"]
    if config["kind"] != "jasper":
        raise VendorError("unsupported", "only the flat jasper sequencer is implemented")
    n = config["participants"]
    if not 1 <= n <= 1 << 20:
        raise VendorError("bad-config", "participants must be in 1..2^20")
    instances.append(Jasper(n))
    return {"instance": len(instances) - 1}


def enqueue(p):
    instance(p).put(p["now"], p["participant"], p["timestamp"], False, p["id"])


def heartbeat(p):
    instance(p).put(p["now"], p["participant"], p["timestamp"], True, None)


def tick(p):
    instance(p).clock(p["now"])


def drain(p):
    s = instance(p)
    out, s.released = s.released, []
    return {"released": out}


def main(on_request=None):
    serve(
        implementation={"name": "fairwire-example-sequencer-python", "version": "1.0.0", "language": "python"},
        components={"sequencer": {"capabilities": {"jasper": True, "tree": False, "cloudex": False}}},
        handlers={
            "echo": lambda p: p["value"],
            "sequencer.create": create,
            "sequencer.enqueue": enqueue,
            "sequencer.heartbeat": heartbeat,
            "sequencer.tick": tick,
            "sequencer.drain": drain,
        },
        on_request=on_request,
    )


if __name__ == "__main__":
    main()
