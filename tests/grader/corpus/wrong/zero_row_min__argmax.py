# function: zero_row_min
# template: 2022
# expect: fail
# because: wrong at index
# mistake: zeroes the maximum of each row
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    y[torch.arange(x.shape[0]), x.argmax(dim=1)] = 0
    return y
