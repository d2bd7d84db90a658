#!/usr/bin/env python3
"""Mutant of the example Jasper sequencer. The one bug: equal timestamps leave in arrival
order instead of by participant id."""
import _examples  # noqa: F401
import sequencer

sequencer.key = lambda entry: (entry[0], entry[4])
sequencer.main()
