# function: take_one_elem_per_col
# template: 2022
# expect: fail
# because: indexes the input twice in one call
# mistake: gather, then [0] on its result: two indexing operations (.squeeze(0) is one)
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    return x.gather(0, torch.tensor([[1, 0, 3]]))[0]
