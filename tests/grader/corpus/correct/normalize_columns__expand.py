# function: normalize_columns
# template: 2022
# expect: pass
# style: expand and expand_as
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M, N = x.shape
    mu = (x.sum(0) / M).expand(M, N)
    s = (((x - mu) ** 2).sum(0) / (M - 1)).sqrt().expand_as(x)
    return (x - mu) / s
