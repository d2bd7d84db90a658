#!/usr/bin/env python3
"""A vendor for the harness's own tests: answers `echo`, and misbehaves on demand.

    test_vendor.py MODE [N]

MODE: ok | reverse (answers each input chunk in reverse order) | crash N | hang N | garbage N |
wrong-seq N | two-outcomes N | bad-result N | no-ready | bad-ready | protocol2 | ignore-bye |
error N | skipped N | fpga-bad-record N (an fpga vendor whose N-th reply carries a 63-byte ring
record) | matching-decimal-quantity (a matching vendor whose events carry quantity "1.5") |
fast-noncanonical (a FAST vendor that decodes every stream as one message with x = "05", a
uInt32 with a leading zero) | fast-skipped (a FAST vendor that loads any templates and answers
every decode with `skipped`) | exit-before-ready (logs to stderr, exits 7 before reading hello) |
hang-before-ready (logs to stderr, never answers hello) | chatty (logs "handling request N" to
stderr for every request; with N, also "starting" at start). N is the 1-based request at which
the behaviour triggers.
"""
import json
import os
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
at = int(sys.argv[2]) if len(sys.argv) > 2 else 0
out = sys.stdout.buffer
fpga_templates = []


def send(objs):
    out.write(b"".join(json.dumps(o).encode() + b"\n" for o in objs))
    out.flush()


def reply(n, msg):
    seq = msg["seq"]
    if n == at:
        if mode == "crash":
            print("segfault in decode_loop() at request %d" % n, file=sys.stderr, flush=True)
            os._exit(139)
        if mode == "hang":
            time.sleep(3600)
        if mode == "garbage":
            return b"this is not json\n"
        if mode == "wrong-seq":
            return json.dumps({"seq": seq + 1000, "result": msg["params"].get("value")}).encode() + b"\n"
        if mode == "two-outcomes":
            return json.dumps({"seq": seq, "result": 1, "error": {"code": "x", "message": "y"}}).encode() + b"\n"
        if mode == "bad-result":
            return json.dumps({"seq": seq, "result": {"messages": "nope"}}).encode() + b"\n"
        if mode == "error":
            return json.dumps({"seq": seq, "error": {"code": "bad-request", "message": "refused"}}).encode() + b"\n"
        if mode == "skipped":
            return json.dumps({"seq": seq, "skipped": {"reason": "not my kind of input"}}).encode() + b"\n"
        if mode == "fpga-bad-record":
            result = {"messages": [], "error": None, "reports": [], "records": ["00" * 63]}
            return json.dumps({"seq": seq, "result": result}).encode() + b"\n"
    if mode == "matching-decimal-quantity" and msg["op"].startswith("matching."):
        result = None
        if msg["op"] == "matching.apply":
            result = {"events": [
                {"type": "accepted", "id": "b1", "symbol": "X", "side": "buy", "price": "100", "quantity": "2"},
                {"type": "trade", "symbol": "X", "price": "100", "quantity": "1.5", "makerId": "s1",
                 "takerId": "b1", "takerSide": "buy"}]}
        if msg["op"] == "matching.snapshot":
            result = {"books": []}
        return json.dumps({"seq": seq, "result": result}).encode() + b"\n"
    if mode == "fast-noncanonical" and msg["op"] == "fast.decode":
        result = {"messages": [{"templateId": 1, "fields": {"x": "05"}}], "error": None, "reports": []}
        return json.dumps({"seq": seq, "result": result}).encode() + b"\n"
    if mode == "fast-skipped" and msg["op"] == "fast.decode":
        return json.dumps({"seq": seq, "skipped": {"reason": "streams are not my kind of input"}}).encode() + b"\n"
    if mode in ("fast-noncanonical", "fast-skipped") and msg["op"] in ("fast.loadTemplates", "fast.reset"):
        return json.dumps({"seq": seq, "result": None}).encode() + b"\n"
    if msg["op"] == "echo":
        return json.dumps({"seq": seq, "result": msg["params"]["value"]}).encode() + b"\n"
    if msg["op"] == "fpga.loadTemplates":
        fpga_templates.append(msg["params"]["xml"])
        return json.dumps({"seq": seq, "result": None}).encode() + b"\n"
    if msg["op"] == "fpga.decode":
        if not fpga_templates:
            return json.dumps({"seq": seq, "error": {"code": "bad-request", "message": "no templates"}}).encode() + b"\n"
        result = {"messages": [], "error": None, "reports": [], "records": ["00" * 64]}
        return json.dumps({"seq": seq, "result": result}).encode() + b"\n"
    if msg["op"] == "fast.decode":
        return json.dumps({"seq": seq, "result": {"messages": [], "error": None, "reports": []}}).encode() + b"\n"
    return json.dumps({"seq": seq, "error": {"code": "unsupported-op", "message": msg["op"]}}).encode() + b"\n"


def main():
    if mode == "exit-before-ready":
        print("config error: license file /etc/acme/license not found", file=sys.stderr, flush=True)
        print("giving up", file=sys.stderr, flush=True)
        sys.exit(7)
    if mode == "hang-before-ready":
        print("waiting for the market-data licence server...", file=sys.stderr, flush=True)
        time.sleep(3600)
    if mode == "chatty" and at:
        print("starting", file=sys.stderr, flush=True)
    started = False
    n = 0
    pending = b""
    while True:
        chunk = os.read(0, 65536)
        if not chunk:
            if mode == "ignore-bye":
                time.sleep(3600)
            return
        pending += chunk
        parts = pending.split(b"\n")
        pending = parts.pop()
        replies = []
        for raw in parts:
            if not raw.strip():
                continue
            msg = json.loads(raw)
            if not started:
                started = True
                if mode == "no-ready":
                    continue
                ready = {"type": "ready", "protocol": 2 if mode == "protocol2" else 1,
                         "implementation": {"name": "test-vendor", "version": "0", "language": "python"},
                         "components": {"fast": {"capabilities": {"int64": True, "bogus": True}}}}
                if mode == "matching-decimal-quantity":
                    ready["components"] = {"matching": {"capabilities": {}}}
                if mode == "fpga-bad-record":
                    ready["components"] = {"fpga": {"capabilities": {"records": True, "ringModel": True}}}
                if mode == "bad-ready":
                    ready = {"type": "ready", "protocol": 1}
                send([ready])
                continue
            if msg.get("type") == "bye":
                if mode == "ignore-bye":
                    continue
                return
            n += 1
            if mode == "chatty":
                print("handling request %d" % n, file=sys.stderr, flush=True)
            replies.append(reply(n, msg))
        if mode == "reverse":
            replies.reverse()
        if replies:
            out.write(b"".join(replies))
            out.flush()


main()
