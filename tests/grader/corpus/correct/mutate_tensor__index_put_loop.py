# function: mutate_tensor
# template: 2022
# expect: pass
# style: range(len(indices))
# ruff: noqa
# fmt: off
import torch


def mutate_tensor(x, indices, values):
    for k in range(len(indices)):
        i, j = indices[k]
        x[i, j] = values[k]
    return x
