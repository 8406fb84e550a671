# function: sum_positive_entries
# template: 2022
# expect: fail
# because: 2 comparisons
# mistake: two comparisons
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return int(x[(x > 0) & (x != 0)].sum())
