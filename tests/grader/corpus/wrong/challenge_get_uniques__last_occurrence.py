# function: challenge_get_uniques
# template: 2022
# expect: fail
# because: first occurrence
# mistake: indices of the last occurrences
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    order = torch.argsort(x, stable=True)
    ordered = x[order]
    last = torch.ones_like(ordered, dtype=torch.bool)
    last[:-1] = ordered[1:] != ordered[:-1]
    return ordered[last], order[last]
