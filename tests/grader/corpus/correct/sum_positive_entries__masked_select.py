# function: sum_positive_entries
# template: 2022
# expect: pass
# style: torch.masked_select
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return torch.masked_select(x, x > 0).sum().item()
