# function: count_negative_entries
# template: 2020
# expect: pass
# style: masked_select(...).size(0)
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    return torch.masked_select(x, x < 0).size(0)
