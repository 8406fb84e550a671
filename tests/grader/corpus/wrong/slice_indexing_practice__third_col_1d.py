# function: slice_indexing_practice
# template: 2022
# expect: fail
# because: shape (3, 1)
# mistake: a 1-D third column
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    return x[-1], x[:, 2], x[:2, :3], x[::2, 1::2]
