# function: challenge_get_uniques
# template: 2022
# expect: partial
# because: half credit
# mistake: torch.unique: half credit, as promised
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    uniques, inverse = torch.unique(x, return_inverse=True)
    first = torch.full(uniques.shape, x.shape[0], dtype=torch.int64)
    first = first.scatter_reduce(0, inverse, torch.arange(x.shape[0]), reduce="amin")
    return uniques, first
