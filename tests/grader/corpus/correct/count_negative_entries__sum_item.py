# function: count_negative_entries
# template: 2020
# expect: pass
# style: torch.sum(x < 0).item()
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    return torch.sum(x < 0).item()
