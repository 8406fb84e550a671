# function: reverse_rows
# template: 2022
# expect: pass
# style: a linspace index cast to long
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    n = x.shape[0]
    return x[torch.linspace(n - 1, 0, n).long()]
