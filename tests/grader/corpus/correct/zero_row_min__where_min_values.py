# function: zero_row_min
# template: 2022
# expect: pass
# style: boolean mask assignment on a clone
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    y[x == x.min(1).values.unsqueeze(1)] = 0
    return y
