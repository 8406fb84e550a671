# function: mutate_tensor
# template: 2022
# expect: fail
# because: in place and return x itself
# mistake: changes a copy instead of x
# ruff: noqa
# fmt: off
import torch


def mutate_tensor(x, indices, values):
    y = x.clone()
    for (i, j), v in zip(indices, values):
        y[i, j] = v
    return y
