# function: shuffle_cols
# template: 2022
# expect: fail
# because: wrong at index
# mistake: columns in the wrong order
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    return x[:, [0, 0, 1, 2]]
