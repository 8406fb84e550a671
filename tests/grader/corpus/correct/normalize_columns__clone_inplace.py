# function: normalize_columns
# template: 2022
# expect: pass
# style: in-place -= and /= on a clone
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    y = x.clone()
    M = y.shape[0]
    mu = y.sum(0) / M
    y -= mu
    sigma = ((y ** 2).sum(0) / (M - 1)) ** (1 / 2)
    y /= sigma
    return y
