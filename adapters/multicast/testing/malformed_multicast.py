#!/usr/bin/env python3
"""Test fixture: the example multicast vendor with one protocol violation, chosen by argv[1]:

  missing-packet      proxies send copies without a packet (a schema violation)
  stray-send          proxies send every copy to their parent instead (outside nextLayer)
  release-unreceived  receivers also release the next message id, which they never received
  past-timer          receivers ask for their report timer one ns before now
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python"))
import multicast  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "missing-packet"
_proxy_packet = multicast.Proxy.packet
_receiver_packet = multicast.Receiver.packet


def proxy_packet(self, event):
    actions = _proxy_packet(self, event)
    if MODE == "missing-packet":
        return [{"type": "send", "to": a["to"]} for a in actions]
    if MODE == "stray-send":
        return [dict(a, to=self.c["parents"][0]) for a in actions]
    return actions


def receiver_packet(self, event):
    actions = _receiver_packet(self, event)
    if MODE == "release-unreceived":
        return actions + [{"type": "release", "msg": event["packet"]["msg"] + 1000}]
    if MODE == "past-timer":
        return actions + [{"type": "timer", "at": event["time"] - 1, "timer": "report"}]
    return actions


multicast.Proxy.packet = proxy_packet
multicast.Receiver.packet = receiver_packet

if __name__ == "__main__":
    multicast.main()
