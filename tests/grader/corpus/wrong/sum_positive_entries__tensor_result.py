# function: sum_positive_entries
# template: 2022
# expect: fail
# because: Python int
# mistake: a 0-d tensor instead of an int
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return x[x > 0].sum()
