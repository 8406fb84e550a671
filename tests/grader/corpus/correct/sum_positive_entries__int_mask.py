# function: sum_positive_entries
# template: 2022
# expect: pass
# style: int(x[x > 0].sum())
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    pos_sum = int(x[x > 0].sum())
    return pos_sum
