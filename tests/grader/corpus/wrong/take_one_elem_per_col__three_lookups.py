# function: take_one_elem_per_col
# template: 2022
# expect: fail
# because: indexes the input 3 times
# mistake: three indexing operations
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    return torch.stack([x[1, 0], x[0, 1], x[3, 2]])
