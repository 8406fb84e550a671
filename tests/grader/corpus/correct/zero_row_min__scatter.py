# function: zero_row_min
# template: 2022
# expect: pass
# style: out-of-place scatter
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    idx = x.argmin(dim=1).view(-1, 1)
    return y.scatter(1, idx, 0)
