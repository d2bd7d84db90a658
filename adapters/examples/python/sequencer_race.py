#!/usr/bin/env python3
"""The example Jasper sequencer (sequencer.py) with a planted race, for the guide's "Reading a
verdict" (adapters/examples/README.md). Do not copy: it is wrong on purpose.

The planted bug: releases are handed to two writer threads ("lanes") that append them to the
output. Releases made at the same moment (one enqueue that lets several orders go) alternate
lanes, and each lane waits a little jitter before it writes, so about half the time two such
releases come out swapped. It does not depend on the input alone: the same case fails on one
try and passes on the next, which fairwire reports as `flaky (n/k)`.

    npx fairwire conform --component sequencer --adapter cmd:"python3 adapters/examples/python/sequencer_race.py"
"""
import os
import queue
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sequencer  # noqa: E402


class Lane:
    """A writer thread: appends what it is given to an instance's output after some jitter."""

    def __init__(self):
        self.inbox = queue.Queue()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            out, item = self.inbox.get()
            time.sleep(random.random() * 0.0004)  # scheduling jitter: the window of the race
            out.append(item)
            self.inbox.task_done()


LANES = (Lane(), Lane())


class RacyJasper(sequencer.Jasper):
    def release(self):
        batch = []
        while self.non_empty == len(self.queues):
            q = min(self.queues, key=lambda q: sequencer.key(q[0]))
            timestamp, participant, dummy, id_, _ = q.popleft()
            if not q:
                self.non_empty -= 1
            if not dummy:
                batch.append({"participant": participant, "timestamp": timestamp, "id": id_})
        # The race: released at the same moment, written by two threads in parallel.
        for i, item in enumerate(batch):
            LANES[i % 2].inbox.put((self.released, item))
        for lane in LANES:
            lane.inbox.join()


sequencer.Jasper = RacyJasper
sequencer.main()
