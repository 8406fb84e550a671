# function: sum_positive_entries
# template: 2022
# expect: pass
# style: torch.where with a scalar
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return int(torch.where(x > 0, x, 0).sum())
