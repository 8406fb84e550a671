# function: challenge_get_uniques
# template: 2022
# expect: pass
# style: sort, group ids, scatter_reduce(amin)
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    s, idx = torch.sort(x)
    new = torch.ones_like(s, dtype=torch.bool)
    new[1:] = s[1:] != s[:-1]
    group = torch.cumsum(new, 0) - 1
    K = int(group[-1]) + 1
    first = torch.full((K,), x.shape[0], dtype=torch.long)
    first = first.scatter_reduce(0, group, idx, reduce="amin")
    return x[first], first
