# function: challenge_get_uniques
# template: 2022
# expect: fail
# because: larger than the input
# mistake: an N x N comparison matrix
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    n = x.shape[0]
    same = x[:, None] == x[None, :]
    earlier = torch.tril(same, diagonal=-1).any(dim=1)
    keep = ~earlier
    return x[keep], torch.arange(n)[keep]
