# function: slice_indexing_practice
# template: 2022
# expect: fail
# because: allowed: one slice indexing operation x[...] per output
# mistake: a slice then a view for one output
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    return x[-1], x[:, 2].view(-1, 1), x[:2, :3], x[::2, 1::2]
