# function: normalize_columns
# template: 2022
# expect: pass
# style: unsqueeze(0)
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mu = (x.sum(dim=0) / M).unsqueeze(0)
    sigma = torch.sqrt(((x - mu) ** 2).sum(dim=0) / (M - 1)).unsqueeze(0)
    return (x - mu) / sigma
