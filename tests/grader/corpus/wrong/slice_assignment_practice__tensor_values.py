# function: slice_assignment_practice
# template: 2022
# expect: fail
# because: integers
# mistake: assigns tensors, not integers
# ruff: noqa
# fmt: off
import torch


def slice_assignment_practice(x):
    x[0:2, 0:6] = torch.tensor([0, 1, 2, 2, 2, 2])
    x[2:4, 0:6] = torch.tensor([3, 4, 3, 4, 5, 5])
    return x
