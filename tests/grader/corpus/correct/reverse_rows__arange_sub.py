# function: reverse_rows
# template: 2022
# expect: pass
# style: M - 1 - arange(M) and x[idx, :]
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    idx = x.shape[0] - 1 - torch.arange(x.shape[0])
    return x[idx, :]
