# function: mutate_tensor
# template: 2022
# expect: pass
# style: enumerate, chained x[i][j]
# ruff: noqa
# fmt: off
import torch


def mutate_tensor(x, indices, values):
    for k, (i, j) in enumerate(indices):
        x[i][j] = values[k]
    return x
