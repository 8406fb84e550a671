# function: count_negative_entries
# template: 2020
# expect: pass
# style: torch.count_nonzero
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    return torch.count_nonzero(x < 0).item()
