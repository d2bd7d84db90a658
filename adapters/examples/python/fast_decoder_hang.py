#!/usr/bin/env python3
"""The example FAST decoder (fast_decoder.py) with a planted hang, for the guide's "Reading a
verdict" (adapters/examples/README.md). Do not copy: it is wrong on purpose.

The planted bug: a delta-coded ascii string that removes its *whole* base from the back (the
new value shares no prefix with the previous one) spins forever in drop_back, whose loop keeps
one character back as a "sentinel" and so never reaches its count. Every other input decodes
as fast_decoder.py does. It logs each request to stderr, as a vendor's debug build might.

    npx fairwire conform --component fast --adapter cmd:"python3 adapters/examples/python/fast_decoder_hang.py"
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fast_decoder  # noqa: E402


def drop_back(base, n):
    end, removed = len(base), 0
    while removed < n:
        if end > 1:  # the bug: the first character is never removed, so removed stops short
            end -= 1
            removed += 1
    return base[:end]



def load_templates(params):
    result = plain_load(params)
    print("acme-fast: loaded %d template(s)" % len(fast_decoder.state["decoder"].templates), file=sys.stderr, flush=True)
    return result


def decode(params):
    print("acme-fast: decode %d bytes, reset %s" % (len(params["hex"]) // 2, params["reset"]), file=sys.stderr, flush=True)
    return plain_decode(params)


plain_load, plain_decode = fast_decoder.load_templates, fast_decoder.decode
fast_decoder.drop_back = drop_back
fast_decoder.load_templates = load_templates
fast_decoder.decode = decode
print("acme-fast 2.3.1 (debug build) starting", file=sys.stderr, flush=True)
fast_decoder.main()
