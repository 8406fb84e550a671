# function: normalize_columns
# template: 2022
# expect: fail
# because: mean
# mistake: x.mean and x.std
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    return (x - x.mean(dim=0)) / x.std(dim=0)
