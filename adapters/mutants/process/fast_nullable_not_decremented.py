#!/usr/bin/env python3
"""Mutant of the example FAST decoder. The one bug: nullable unsigned integers are not
decremented (a NULL-able uInt 5 is sent as 6 and decoded as 6)."""
import _examples  # noqa: F401
import fast_decoder

fast_decoder.uint_nullable = lambda v: None if v == 0 else v
fast_decoder.main()
