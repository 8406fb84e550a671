# function: mutate_tensor
# template: 2022
# expect: pass
# style: zip over pairs and values
# ruff: noqa
# fmt: off
import torch


def mutate_tensor(x, indices, values):
    for (i, j), v in zip(indices, values):
        x[i, j] = v
    return x
