# function: sum_positive_entries
# template: 2022
# expect: fail
# because: a for loop
# mistake: a Python loop over the entries
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    total = 0
    for v in x.flatten().tolist():
        if v > 0:
            total += v
    return total
