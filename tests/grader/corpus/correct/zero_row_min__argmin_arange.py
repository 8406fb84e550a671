# function: zero_row_min
# template: 2022
# expect: pass
# style: argmin and arange indexing
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    y[torch.arange(x.shape[0]), torch.argmin(x, dim=1)] = 0
    return y
