# function: shuffle_cols
# template: 2022
# expect: pass
# style: a defensive clone, then one indexing
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    y = x.clone()
    y = y[:, [0, 0, 2, 1]]
    return y
