#!/usr/bin/env python3
"""An example fairwire vendor: market-data multicast nodes in Python 3 (standard library only).

Written from spec/protocol/README.md (section "Multicast nodes") and the fairness definitions:
the harness owns time, links and clocks; each node answers an event (a packet, a timer, a
child's delay report) with actions (sends, releases, timers, reports). One process hosts every
node of a tree; every request names its node.

Proxy: forwards the first copy of each message to its block of the next layer and drops later
copies. With round-robin spraying, proxy i serves block (i + k) mod L for message k (L: its
layer's size; block b is nextLayer[b*F : b*F + F]); without, block i. With hedging H it also
serves the H blocks after its own, (b + 1) .. (b + H) mod L, each block at most once.
Hold-and-release: it passes the max of its children's latest reports up to its parents.

Receiver: dedup (each message id is released once, whatever the copies); without
hold-and-release it releases on the first copy; with it, at max(arrival, deadline): a timer at
the deadline, or at once when the copy is late. Every copy's one-way delay (local arrival minus
the root's stamp) goes into its history; every reportIntervalNs it reports the percentile
(nearest rank) of that history to its parents.

    npx fairwire conform --component multicast --adapter cmd:"python3 adapters/examples/python/multicast.py"
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fairwire_vendor import VendorError, serve  # noqa: E402

REPORT_TIMER = "report"


def nearest_rank(sorted_values, percentile):
    """The p-th percentile by nearest rank: the ceil(p/100 * n)-th smallest (at least the first)."""
    n = len(sorted_values)
    rank = max(1, math.ceil(percentile * n / 100))
    return sorted_values[min(rank, n) - 1]


class Proxy:
    def __init__(self, config):
        self.c = config
        self.seen = set()
        self.reports = {}

    def blocks(self, k):
        c = self.c
        size = c["layerSize"]
        first = (c["layerIndex"] + k) % size if c["spraying"] else c["layerIndex"]
        out = []
        for h in range(c["hedge"] + 1):
            b = (first + h) % size
            if b in out:
                break  # H >= L: every block is served once already
            out.append(b)
        return out

    def packet(self, event):
        packet = event["packet"]
        k = packet["msg"]
        if k in self.seen:
            return []
        self.seen.add(k)
        nxt, f = self.c["nextLayer"], self.c["fanout"]
        actions = []
        for b in self.blocks(k):
            for to in nxt[b * f:(b + 1) * f]:
                actions.append({"type": "send", "to": to, "packet": packet})
        return actions

    def report(self, event):
        before = max(self.reports.values()) if self.reports else None
        self.reports[event["from"]] = event["owdNs"]
        now = max(self.reports.values())
        if now == before:
            return []
        return [{"type": "report", "to": p, "owdNs": now} for p in self.c["parents"]]

    def timer(self, event):
        return []


class Receiver:
    def __init__(self, config):
        self.c = config
        self.released = set()
        self.held = set()
        self.delays = []
        self.timer_armed = False

    def packet(self, event):
        c = self.c
        time, packet = event["time"], event["packet"]
        k = packet["msg"]
        actions = []
        if c["holdRelease"]:
            self.delays.append(time - packet["sentAt"])
            if not self.timer_armed and c["reportIntervalNs"] > 0:
                self.timer_armed = True
                actions.append({"type": "timer", "at": time + c["reportIntervalNs"], "timer": REPORT_TIMER})
        if k in self.released or k in self.held:
            return actions  # a duplicate (hedging): dropped, however late
        deadline = packet["deadline"] if c["holdRelease"] else None
        if deadline is not None and time < deadline:
            self.held.add(k)
            actions.append({"type": "timer", "at": deadline, "timer": "release:%d" % k})
        else:
            self.released.add(k)
            actions.append({"type": "release", "msg": k})
        return actions

    def timer(self, event):
        name = event["timer"]
        if name == REPORT_TIMER:
            ordered = sorted(self.delays)
            owd = nearest_rank(ordered, self.c["reportPercentile"])
            actions = [{"type": "report", "to": p, "owdNs": owd} for p in self.c["parents"]]
            actions.append({"type": "timer", "at": event["time"] + self.c["reportIntervalNs"], "timer": REPORT_TIMER})
            return actions
        if name.startswith("release:"):
            k = int(name[len("release:"):])
            if k in self.held:
                self.held.discard(k)
                self.released.add(k)
                return [{"type": "release", "msg": k}]
            return []
        raise VendorError("bad-request", "unknown timer %r" % name)

    def report(self, event):
        raise VendorError("bad-request", "a receiver gets no reports")


nodes = {}


def node(params):
    n = nodes.get(params["node"])
    if n is None:
        raise VendorError("bad-request", "no node %r configured" % params["node"])
    return n


def configure(params):
    config = params["node"]
    if config["fanout"] < 1 or config["layerSize"] < 1:
        raise VendorError("bad-config", "fanout and layerSize must be >= 1")
    nodes[config["id"]] = Proxy(config) if config["role"] == "proxy" else Receiver(config)
    return None


def main(on_request=None):
    serve(
        implementation={"name": "fairwire-example-multicast-python", "version": "1.0.0", "language": "python"},
        components={"multicast": {"capabilities": {
            "proxy": True, "receiver": True, "spraying": True, "hedging": True, "holdRelease": True}}},
        handlers={
            "echo": lambda p: p["value"],
            "multicast.configure": configure,
            "multicast.packet": lambda p: {"actions": node(p).packet(p)},
            "multicast.timer": lambda p: {"actions": node(p).timer(p)},
            "multicast.report": lambda p: {"actions": node(p).report(p)},
        },
        on_request=on_request,
    )


if __name__ == "__main__":
    main()
