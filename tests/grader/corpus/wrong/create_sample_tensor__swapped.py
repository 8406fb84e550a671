# function: create_sample_tensor
# template: 2022
# expect: fail
# because: wrong at index [0, 1]
# mistake: the two values swapped
# ruff: noqa
# fmt: off
import torch


def create_sample_tensor():
    x = torch.zeros(3, 2)
    x[0, 1] = 100
    x[1, 0] = 10
    return x
