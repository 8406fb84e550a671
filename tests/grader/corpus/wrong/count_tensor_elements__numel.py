# function: count_tensor_elements
# template: 2022
# expect: fail
# because: numel
# mistake: x.numel()
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return x.numel()
