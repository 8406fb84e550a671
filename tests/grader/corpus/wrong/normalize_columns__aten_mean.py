# function: normalize_columns
# template: 2022
# expect: fail
# because: torch.ops / torch._C reach torch's internal operators
# mistake: torch.mean reached through torch.ops.aten to dodge the rule
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mu = torch.ops.aten.mean.dim(x, [0], True)
    sigma = (((x - mu) ** 2).sum(dim=0) / (M - 1)).sqrt()
    return (x - mu) / sigma
