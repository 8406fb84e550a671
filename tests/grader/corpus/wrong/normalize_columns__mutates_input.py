# function: normalize_columns
# template: 2022
# expect: fail
# because: must not modify its input x
# mistake: normalizes x in place
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    m = x.shape[0]
    x -= x.sum(dim=0) / m
    x /= ((x ** 2).sum(dim=0) / (m - 1)).sqrt()
    return x.clone()
