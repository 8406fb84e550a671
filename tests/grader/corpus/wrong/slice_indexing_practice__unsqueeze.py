# function: slice_indexing_practice
# template: 2022
# expect: fail
# because: x[:, 2:3] keeps a column 2-D in one slice
# mistake: a slice and an unsqueeze: two operations for third_col
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    return x[-1], x[:, 2].unsqueeze(1), x[:2, :3], x[::2, 1::2]
