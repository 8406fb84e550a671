# function: challenge_get_uniques
# template: 2022
# expect: fail
# because: tuple
# mistake: a list instead of a tuple
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    order = torch.argsort(x, stable=True)
    ordered = x[order]
    first = torch.ones_like(ordered, dtype=torch.bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return [ordered[first], order[first]]
