# function: slice_indexing_practice
# template: 2022
# expect: fail
# because: item 3
# mistake: odd rows instead of even rows
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    return x[-1], x[:, 2:3], x[:2, :3], x[1::2, 1::2]
