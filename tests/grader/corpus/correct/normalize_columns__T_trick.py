# function: normalize_columns
# template: 2022
# expect: pass
# style: work on x.t() and transpose back
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    xt = x.t()
    mu = xt.sum(1, keepdim=True) / M
    sd = (((xt - mu) ** 2).sum(1, keepdim=True) / (M - 1)) ** 0.5
    return ((xt - mu) / sd).t()
