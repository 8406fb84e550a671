# function: zero_row_min
# template: 2022
# expect: pass
# style: x * (x != row min)
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
    m, _ = torch.min(x, dim=1, keepdim=True)
    return x * (x != m)
