# function: count_negative_entries
# template: 2020
# expect: pass
# style: x.lt(0).sum().item()
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    num_neg = 0
    num_neg = x.lt(0).sum().item()
    return num_neg
