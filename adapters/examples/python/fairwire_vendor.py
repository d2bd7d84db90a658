"""The fairwire vendor protocol loop (spec/protocol/README.md), Python 3 standard library only.

A vendor is a program that reads requests, one JSON object per line, on stdin and writes one
reply per request on stdout. Logs go to stderr, never stdout. This module does the plumbing:

    from fairwire_vendor import serve, VendorError

    def decode(params): ...                     # returns the result (JSON-able)

    serve(implementation={"name": "my-decoder", "version": "1.0", "language": "python"},
          components={"fast": {"capabilities": {"int64": True}}},
          handlers={"fast.decode": decode, ...})

A handler raises VendorError(code, message) to answer with `error`, or Skipped(reason) to answer
with `skipped`. Any other exception is reported as an `error` with code "internal".

Requests are read in chunks and all complete lines of a chunk are answered with one write, so a
harness that pipelines many requests gets them back without a syscall per reply; every reply is
written (and flushed) before the loop waits for more input.
"""

import json
import os
import sys
import traceback

PROTOCOL_VERSION = 1


class VendorError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Skipped(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def _reply(seq, handlers, op, params):
    handler = handlers.get(op)
    if handler is None:
        return {"seq": seq, "error": {"code": "unsupported-op", "message": "op %s is not implemented" % op}}
    try:
        return {"seq": seq, "result": handler(params)}
    except VendorError as e:
        return {"seq": seq, "error": {"code": e.code, "message": e.message}}
    except Skipped as e:
        return {"seq": seq, "skipped": {"reason": e.reason}}
    except Exception as e:  # a bug in the vendor: answer, keep serving, log the traceback
        traceback.print_exc(file=sys.stderr)
        return {"seq": seq, "error": {"code": "internal", "message": "%s: %s" % (type(e).__name__, e)}}


def lines(fd=0):
    """Yields lists of complete input lines (bytes), one list per read; ends at EOF."""
    pending = b""
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return
        pending += chunk
        parts = pending.split(b"\n")
        pending = parts.pop()
        if parts:
            yield parts


def serve(implementation, components, handlers, on_request=None):
    """Runs the protocol until `bye` or end of input. `on_request(n)` is called before the n-th request."""
    out = sys.stdout.buffer
    started = False
    count = 0
    for batch in lines():
        replies = []
        for raw in batch:
            if not raw.strip():
                continue
            msg = json.loads(raw)
            kind = msg.get("type")
            if not started:
                if kind != "hello":
                    log("expected hello, got", raw[:200])
                    sys.exit(2)
                if msg.get("protocol") != PROTOCOL_VERSION:
                    log("harness speaks protocol", msg.get("protocol"), "- this vendor speaks", PROTOCOL_VERSION)
                replies.append({"type": "ready", "protocol": PROTOCOL_VERSION,
                                "implementation": implementation, "components": components})
                started = True
                continue
            if kind == "bye":
                if replies:
                    out.write(("\n".join(json.dumps(r, separators=(",", ":")) for r in replies) + "\n").encode())
                    out.flush()
                return
            count += 1
            if on_request is not None:
                on_request(count)
            replies.append(_reply(msg["seq"], handlers, msg["op"], msg.get("params", {})))
        if replies:
            out.write(("\n".join(json.dumps(r, separators=(",", ":")) for r in replies) + "\n").encode())
            out.flush()
