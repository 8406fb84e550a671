# function: sum_positive_entries
# template: 2022
# expect: pass
# style: torch.where with zeros_like
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return torch.where(x > 0, x, torch.zeros_like(x)).sum().item()
