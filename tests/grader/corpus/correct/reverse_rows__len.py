# function: reverse_rows
# template: 2022
# expect: pass
# style: len(x)
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    idx = torch.arange(len(x) - 1, -1, -1)
    y = x[idx]
    return y
