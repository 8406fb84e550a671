# function: normalize_columns
# template: 2022
# expect: pass
# style: view(1, -1), div, sqrt methods
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.size(0)
    mu = x.sum(0).view(1, -1) / M
    d = x - mu
    std = (d * d).sum(0, keepdim=True).div(M - 1).sqrt()
    return d / std
