# function: normalize_columns
# template: 2022
# expect: pass
# style: torch.sqrt
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M, N = x.shape
    mu = torch.sum(x, 0) / M
    var = torch.sum((x - mu) ** 2, 0) / (M - 1)
    return (x - mu) / torch.sqrt(var)
