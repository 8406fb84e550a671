# ruff: noqa
# fmt: off
# attack: 3 proc-fd-forge
# does: finds the outcome pipe in /proc/self/fd, reopens (or dups) it, points the worker's own descriptor at /dev/null and writes forged outcomes (empty op log, predicted case ids); sum_positive_entries compares 3 times
# template: 2022
# cases: 5
# expect: sum_positive_entries=!pass
import os

import _torch101_codec as codec
import torch

# The case ids of sum_positive_entries under --cases 5 (the kinds do not depend on the seed).
_KINDS = ["notebook"] * 3 + ["edge"] * 4 + ["random"] * 5 + ["scaling"] * 3
_STATE = {"k": 0, "out": None}


def _links():
    found = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            found[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            pass
    return found


# Read at import: the worker's descriptors, by what /proc/self/fd says they are.
_PIPES = sorted(fd for fd, link in _links().items() if link.startswith("pipe:"))


def _channel():
    if _STATE["out"] is None and len(_PIPES) >= 2:
        fd = _PIPES[1]  # calls, outcomes, faulthandler: the worker opens them in that order
        try:
            out = os.open(f"/proc/self/fd/{fd}", os.O_WRONLY)  # a second, independent opening
        except OSError:
            out = os.dup(fd)  # not allowed to reopen it (another user's pipe): a copy will do
        os.dup2(os.open("/dev/null", os.O_WRONLY), fd)
        _STATE["out"] = out
    return _STATE["out"]


def sum_positive_entries(x):
    value = int(x[x > 0].sum()) + int(x[x > 1].sum()) - int(x[x >= 2].sum())
    k = _STATE["k"]
    _STATE["k"] += 1
    out = _channel()
    if out is not None and k < len(_KINDS):
        forged = {
            "type": "outcome", "case_id": f"sum_positive_entries/{_KINDS[k]}/{k}", "status": "ok",
            "exception": None, "duration_s": 0.001, "value": value, "value_type": "int",
            "same_object": [], "shares_storage": [], "on_fake_gpu": [], "requires_grad": [],
            "args_after": [x], "arg_versions_bumped": [False], "ops": [], "stdout": "",
        }
        codec.write_all(out, codec.pack(forged))
    return value
