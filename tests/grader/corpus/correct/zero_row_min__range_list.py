# function: zero_row_min
# template: 2022
# expect: pass
# style: a range() as row index
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    y[range(x.shape[0]), x.argmin(1)] = 0
    return y
