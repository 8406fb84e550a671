# function: zero_row_min
# template: 2022
# expect: pass
# style: F.one_hot of argmin as a mask, masked_fill
# ruff: noqa
# fmt: off
import torch
import torch.nn.functional as F


def zero_row_min(x):
    mask = F.one_hot(x.argmin(dim=1), x.shape[1]).bool()
    return x.masked_fill(mask, 0)
