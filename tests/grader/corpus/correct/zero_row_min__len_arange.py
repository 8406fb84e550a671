# function: zero_row_min
# template: 2022
# expect: pass
# style: len(y)
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    y = x.clone()
    idx = torch.argmin(y, 1)
    y[torch.arange(len(y)), idx] = 0
    return y
