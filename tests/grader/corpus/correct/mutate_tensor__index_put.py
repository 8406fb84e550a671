# function: mutate_tensor
# template: 2022
# expect: pass
# style: the pair itself as the index: x[(i, j)] = v
# ruff: noqa
# fmt: off
import torch


def mutate_tensor(x, indices, values):
    for idx, v in zip(indices, values):
        x[idx] = v
    return x
