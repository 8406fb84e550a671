# function: zero_row_min
# template: 2022
# expect: pass
# style: the indices of x.min(dim=1)
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    _, idx = x.min(dim=1)
    y[torch.arange(x.size(0)), idx] = 0
    return y
