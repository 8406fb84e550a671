# function: challenge_mean_tensors
# template: 2022
# expect: fail
# because: list comprehension
# mistake: a comprehension over the tensors
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    return torch.stack([t.mean() for t in xs])
