# function: reverse_rows
# template: 2022
# expect: fail
# because: flip
# mistake: torch.flip on the index (allowed in 2020, not in 2022)
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    return x[torch.arange(x.shape[0]).flip(0)]
