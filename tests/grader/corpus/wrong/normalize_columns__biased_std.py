# function: normalize_columns
# template: 2022
# expect: fail
# because: the notebook's check
# mistake: the biased std (1/M)
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    mu = x.sum(dim=0) / x.shape[0]
    sigma = (((x - mu) ** 2).sum(dim=0) / x.shape[0]).sqrt()
    return (x - mu) / sigma
