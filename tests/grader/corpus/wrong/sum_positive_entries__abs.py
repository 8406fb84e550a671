# function: sum_positive_entries
# template: 2022
# expect: fail
# because: should be 15
# mistake: sums absolute values
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return int(x.abs().sum())
