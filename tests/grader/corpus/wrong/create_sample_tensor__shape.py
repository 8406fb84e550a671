# function: create_sample_tensor
# template: 2022
# expect: fail
# because: shape (3, 2)
# mistake: (2, 3) instead of (3, 2)
# ruff: noqa
# fmt: off
import torch


def create_sample_tensor():
    x = torch.zeros(2, 3)
    x[0, 1] = 10
    x[1, 0] = 100
    return x
