#!/usr/bin/env python3
"""A vendor for the runner's tests: answers `echo`, and hangs on inputs at or above a threshold.

    hang_on_vendor.py THRESHOLD

An `echo` whose value is an integer >= THRESHOLD is never answered (the vendor writes a line to
stderr, then sleeps): the harness's timeout turns it into a fault of kind `hang`. Every other
request is echoed back at once. The smallest hanging input is THRESHOLD itself.
"""
import json
import sys
import time

threshold = int(sys.argv[1]) if len(sys.argv) > 1 else 100
print("hang_on_vendor: started, threshold %d" % threshold, file=sys.stderr, flush=True)
for raw in sys.stdin:
    if not raw.strip():
        continue
    msg = json.loads(raw)
    if msg.get("type") == "hello":
        ready = {"type": "ready", "protocol": 1,
                 "implementation": {"name": "hang-on-vendor", "version": "0", "language": "python"},
                 "components": {"fast": {"capabilities": {}}}}
        print(json.dumps(ready), flush=True)
        continue
    if msg.get("type") == "bye":
        break
    value = msg["params"].get("value")
    if isinstance(value, int) and value >= threshold:
        print("hang_on_vendor: stuck in decode_loop() on value %d" % value, file=sys.stderr, flush=True)
        time.sleep(3600)
    print(json.dumps({"seq": msg["seq"], "result": value}), flush=True)
