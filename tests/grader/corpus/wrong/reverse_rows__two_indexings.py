# function: reverse_rows
# template: 2022
# expect: fail
# because: indexes the input twice in one call
# mistake: an identity indexing, then the reversal
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    return x[torch.arange(x.shape[0])][torch.arange(x.shape[0] - 1, -1, -1)]
