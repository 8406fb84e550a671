# function: sum_positive_entries
# template: 2022
# expect: pass
# style: x.gt(0) and torch.sum
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return torch.sum(x[x.gt(0)]).item()
