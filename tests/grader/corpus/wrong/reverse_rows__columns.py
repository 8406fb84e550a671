# function: reverse_rows
# template: 2022
# expect: fail
# because: wrong at index
# mistake: reverses the columns
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    return x[:, list(range(x.shape[1] - 1, -1, -1))]
