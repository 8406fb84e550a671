# function: count_tensor_elements
# template: 2022
# expect: error
# because: IndexError
# mistake: assumes a 2-D tensor
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return x.shape[0] * x.shape[1]
