# function: take_one_elem_per_col
# template: 2022
# expect: fail
# because: the rule asks for exactly 1
# mistake: x.select(...) is indexing too: four indexing ops where one is allowed
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    return torch.stack([x[1, 0], x.select(0, 0).select(0, 1), x.select(0, 3).select(0, 2)])
