# function: sum_positive_entries
# template: 2022
# expect: pass
# style: the mask in a variable
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    mask = x > 0
    pos = x[mask]
    pos_sum = pos.sum().item()
    return pos_sum
