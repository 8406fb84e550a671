# function: shuffle_cols
# template: 2022
# expect: pass
# style: a Python list index
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    return x[:, [0, 0, 2, 1]]
