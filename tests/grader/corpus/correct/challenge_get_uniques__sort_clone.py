# function: challenge_get_uniques
# template: 2022
# expect: pass
# style: a clone, sort, > mask
# ruff: noqa
# fmt: off
import torch


def challenge_get_uniques(x):
    y = x.clone()
    vals, order = y.sort(stable=True)
    is_first = vals.clone().fill_(1).bool()
    is_first[1:] = vals[1:] > vals[:-1]
    return vals[is_first], order[is_first]
