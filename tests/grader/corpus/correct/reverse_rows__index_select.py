# function: reverse_rows
# template: 2022
# expect: pass
# style: x.index_select(0, idx)
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    return x.index_select(0, torch.arange(x.shape[0] - 1, -1, -1))
