# function: zero_row_min
# template: 2022
# expect: fail
# because: must not modify its input x
# mistake: zeroes the input itself
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    x[torch.arange(x.shape[0]), x.argmin(dim=1)] = 0
    return x
