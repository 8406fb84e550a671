# function: challenge_get_uniques
# template: 2022
# expect: partial
# style: torch.unique with scatter_reduce (half credit)
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    u, inv = torch.unique(x, return_inverse=True)
    idx = torch.full_like(u, x.shape[0])
    idx = idx.scatter_reduce(0, inv, torch.arange(x.shape[0]), reduce="amin")
    return u, idx
