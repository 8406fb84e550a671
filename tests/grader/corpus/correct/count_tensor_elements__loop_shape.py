# function: count_tensor_elements
# template: 2022
# expect: pass
# style: product over x.shape in a loop
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    n = 1
    for s in x.shape:
        n *= s
    return n
