# function: reverse_rows
# template: 2022
# expect: fail
# because: flip
# mistake: torch.flip
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    return torch.flip(x, dims=[0])
