# function: sum_positive_entries
# template: 2022
# expect: fail
# because: into Python data with .tolist()
# mistake: sums a Python list: a loop the op log cannot see
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return sum(x[x > 0].tolist())
