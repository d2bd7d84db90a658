#!/usr/bin/env python3
"""Mutant of the example FAST decoder. The one bug: it stops answering (deadlock) at its
200th request."""
import sys
import time

import _examples  # noqa: F401
import fast_decoder


def hang(n):
    if n == 200:
        print("waiting for a lock that is never released", file=sys.stderr, flush=True)
        time.sleep(3600)


fast_decoder.main(on_request=hang)
