# ruff: noqa
# fmt: off
# attack: 2 sys-modules-worker
# does: at import, replaces Recorder.handle in sys.modules['_torch101_worker'] (the worker itself) with a pass-through; take_one_elem_per_col then indexes three times
# template: 2022
# expect: take_one_elem_per_col=!pass
import sys

import torch

_W = sys.modules.get("_torch101_worker") or sys.modules.get("__main__")
_ORIG = _W.Recorder.handle


def _quiet(self, func, args, kwargs):
    if self.trace and self.ops == [] and str(self.name(func)).endswith("__getitem__"):
        return _ORIG(self, func, args, kwargs)  # log exactly one indexing op
    return func(*args, **kwargs)


_W.Recorder.handle = _quiet


def take_one_elem_per_col(x):
    return torch.stack([x[1, 0], x[0, 1], x[3, 2]])
