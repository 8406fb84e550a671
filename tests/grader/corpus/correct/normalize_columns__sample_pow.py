# function: normalize_columns
# template: 2022
# expect: pass
# style: ** 2 and ** 0.5
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mu = x.sum(dim=0) / M
    sigma = (((x - mu) ** 2).sum(dim=0) / (M - 1)) ** 0.5
    return (x - mu) / sigma
