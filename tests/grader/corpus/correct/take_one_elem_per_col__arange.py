# function: take_one_elem_per_col
# template: 2022
# expect: pass
# style: an index tensor and torch.arange(3)
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    return x[torch.tensor([1, 0, 3]), torch.arange(3)]
