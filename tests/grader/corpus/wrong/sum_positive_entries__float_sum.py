# function: sum_positive_entries
# template: 2022
# expect: fail
# because: large int64 entries
# mistake: sums in float32, which rounds large int64 values
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return int(x[x > 0].float().sum())
