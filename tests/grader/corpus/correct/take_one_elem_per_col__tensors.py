# function: take_one_elem_per_col
# template: 2022
# expect: pass
# style: two index tensors
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    idx0 = torch.tensor([1, 0, 3])
    idx1 = torch.tensor([0, 1, 2])
    return x[idx0, idx1]
