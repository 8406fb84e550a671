# function: shuffle_cols
# template: 2022
# expect: pass
# style: x.T[[0, 0, 2, 1]].T
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    return x.T[[0, 0, 2, 1]].T
