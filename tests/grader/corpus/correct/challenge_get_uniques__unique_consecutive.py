# function: challenge_get_uniques
# template: 2022
# expect: partial
# style: unique_consecutive on the sorted values (half credit)
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    s, idx = torch.sort(x, stable=True)
    u, counts = torch.unique_consecutive(s, return_counts=True)
    starts = torch.cumsum(counts, 0) - counts
    return u, idx[starts]
