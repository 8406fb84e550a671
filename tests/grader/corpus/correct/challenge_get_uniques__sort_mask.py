# function: challenge_get_uniques
# template: 2022
# expect: pass
# style: stable sort and a first-of-run mask
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    s, idx = torch.sort(x, stable=True)
    keep = torch.ones_like(s, dtype=torch.bool)
    keep[1:] = s[1:] != s[:-1]
    return s[keep], idx[keep]
