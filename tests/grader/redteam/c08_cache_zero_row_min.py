# ruff: noqa
# fmt: off
# attack: 8 module-cache-zero-row-min
# does: zero_row_min copies x into a module-level cache tensor (one per dtype), zeroes the minima there and returns the cache itself every call
# template: 2022
# expect: zero_row_min=!pass
import torch

_CACHE = {}


def zero_row_min(x):
    y = _CACHE.setdefault(x.dtype, torch.empty(0, dtype=x.dtype))
    y.resize_(x.shape).copy_(x)
    y[torch.arange(x.shape[0]), x.argmin(dim=1)] = 0
    return y
