#!/usr/bin/env python3
"""A vendor for simulate exchange's tests: declares every capability of the component it is asked
for (matching, loq or sequencer), then crashes (exit 7, a line on stderr) on its first request."""
import json
import sys

CAPS = {
    "matching": {"market": True, "ioc": True, "fok": True, "marketData": True},
    "loq": {"loq": True, "simplePq": True, "proxy": True},
    "sequencer": {"jasper": True, "tree": True, "cloudex": True},
}

for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("type") == "hello":
        comps = {c: {"capabilities": CAPS.get(c, {})} for c in msg["components"]}
        ready = {"type": "ready", "protocol": 1, "implementation": {"name": "crashing", "version": "0", "language": "python"}, "components": comps}
        sys.stdout.write(json.dumps(ready) + "\n")
        sys.stdout.flush()
    elif msg.get("type") == "bye":
        break
    else:
        print("crashing_component: giving up on %s" % msg.get("op"), file=sys.stderr, flush=True)
        sys.exit(7)
