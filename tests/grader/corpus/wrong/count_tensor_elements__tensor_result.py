# function: count_tensor_elements
# template: 2022
# expect: fail
# because: Python int
# mistake: a 0-d tensor instead of an int
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return torch.tensor(x.shape).prod()
