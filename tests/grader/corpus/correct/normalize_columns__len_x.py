# function: normalize_columns
# template: 2022
# expect: pass
# style: len(x) for M
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    n = len(x)
    mu = x.sum(0) / n
    sd = ((x - mu).pow(2).sum(0) / (n - 1)).sqrt()
    y = (x - mu) / sd
    return y
