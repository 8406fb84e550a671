# function: zero_row_min
# template: 2022
# expect: fail
# because: a for loop
# mistake: a loop over rows
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    for i in range(x.shape[0]):
        y[i, y[i].argmin()] = 0
    return y
