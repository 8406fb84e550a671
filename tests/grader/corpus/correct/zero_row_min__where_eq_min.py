# function: zero_row_min
# template: 2022
# expect: pass
# style: torch.where(x == row min, 0, x)
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    m = x.min(dim=1, keepdim=True)[0]
    return torch.where(x == m, torch.zeros_like(x), x)
