# function: sum_positive_entries
# template: 2022
# expect: pass
# style: torch.relu
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return int(torch.relu(x).sum())
