#!/usr/bin/env python3
"""Mutant of the example FAST decoder. The one bug: a debug print goes to stdout (not stderr)
at its 300th request, which corrupts the protocol stream."""
import sys

import _examples  # noqa: F401
import fast_decoder


def debug_print(n):
    if n == 300:
        sys.stdout.buffer.write(b"DEBUG decoder state dump: dict=...\n")


fast_decoder.main(on_request=debug_print)
