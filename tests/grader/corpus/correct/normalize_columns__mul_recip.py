# function: normalize_columns
# template: 2022
# expect: pass
# style: multiplying by 1 / M and by var ** -0.5
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mu = x.sum(dim=0) * (1.0 / M)
    centered = x - mu
    var = (centered * centered).sum(dim=0) * (1.0 / (M - 1))
    return centered * var ** -0.5
