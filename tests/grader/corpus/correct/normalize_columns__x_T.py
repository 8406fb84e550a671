# function: normalize_columns
# template: 2022
# expect: pass
# style: x.T.sum(1)
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mu = x.T.sum(1) / M
    sd = (((x - mu) ** 2).sum(0) / (M - 1)) ** 0.5
    return (x - mu) / sd
