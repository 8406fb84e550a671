# function: zero_row_min
# template: 2022
# expect: fail
# because: wrong at index
# mistake: zeroes the global minimum only
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    y[y == y.min()] = 0
    return y
