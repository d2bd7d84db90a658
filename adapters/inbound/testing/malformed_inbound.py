#!/usr/bin/env python3
"""Test fixture: the example inbound vendor with one defect, chosen by argv[1]:

  missing-message     gateways send orders without the message (a schema violation)
  half-tag            gateways tag orders with an epoch but no class (a schema violation)
  stray-send          proxies send what they forward to their first child instead of their parent
  release-twice       the sequencer releases every order twice
  crash-on-credit     the vendor exits (status 7) on the first credit, after a line on stderr
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python"))
import inbound  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "missing-message"
_gateway_submit = inbound.Gateway.submit
_gateway_credit = inbound.Gateway.credit
_merger_message = inbound.Merger.message


def gateway_submit(self, p):
    actions = _gateway_submit(self, p)
    if MODE == "missing-message":
        return [{"type": "send", "to": a["to"]} for a in actions]
    if MODE == "half-tag":
        out = []
        for a in actions:
            m = dict(a["message"], epoch=0)
            m.pop("critical", None)
            out.append(dict(a, message=m))
        return out
    return actions


def gateway_credit(self, p):
    if MODE == "crash-on-credit":
        inbound.log("inbound example: giving up on credit at", p["time"])
        sys.exit(7)
    return _gateway_credit(self, p)


def merger_message(self, p):
    actions = _merger_message(self, p)
    if MODE == "stray-send":
        return [dict(a, to=self.c["children"][0]) if a["type"] == "send" else a for a in actions]
    if MODE == "release-twice":
        return actions + [a for a in actions if a["type"] == "release"]
    return actions


inbound.Gateway.submit = gateway_submit
inbound.Gateway.credit = gateway_credit
inbound.Merger.message = merger_message

if __name__ == "__main__":
    inbound.main()
