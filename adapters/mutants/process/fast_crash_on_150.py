#!/usr/bin/env python3
"""Mutant of the example FAST decoder. The one bug: the process dies (status 70, after a
message on stderr) when it receives its 150th request."""
import os
import sys

import _examples  # noqa: F401
import fast_decoder


def crash(n):
    if n == 150:
        print("fatal: out of order-book slots at request %d" % n, file=sys.stderr, flush=True)
        os._exit(70)


fast_decoder.main(on_request=crash)
