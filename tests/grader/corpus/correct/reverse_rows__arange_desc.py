# function: reverse_rows
# template: 2022
# expect: pass
# style: a descending arange
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    return x[torch.arange(x.shape[0] - 1, -1, -1)]
