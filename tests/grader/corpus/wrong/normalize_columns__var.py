# function: normalize_columns
# template: 2022
# expect: fail
# because: var
# mistake: torch.var
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    mu = x.sum(dim=0) / x.shape[0]
    return (x - mu) / torch.var(x, dim=0).sqrt()
