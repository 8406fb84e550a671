# function: challenge_get_uniques
# template: 2022
# expect: pass
# style: argsort and a cat of masks
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    order = torch.argsort(x, stable=True)
    v = x[order]
    mask = torch.cat([torch.tensor([True]), v[1:] != v[:-1]])
    return v[mask], order[mask]
