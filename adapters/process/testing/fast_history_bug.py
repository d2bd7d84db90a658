#!/usr/bin/env python3
"""A FAST vendor for the fuzzer's tests whose bug depends on the process's history, not on the
input: from its 15th decode on, it drops the last message of every stream (a buffer that leaks
across streams). A fresh process decodes the same stream correctly, so a fuzz finding made late
in a process's life does not hold on a fresh one: it is flaky, never a saved finding."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python"))
import fast_decoder  # noqa: E402

decodes = [0]
plain = fast_decoder.decode


def leaky_decode(params):
    decodes[0] += 1
    result = plain(params)
    if decodes[0] >= 15 and result["messages"]:
        result["messages"] = result["messages"][:-1]
    return result


fast_decoder.decode = leaky_decode
fast_decoder.main()
