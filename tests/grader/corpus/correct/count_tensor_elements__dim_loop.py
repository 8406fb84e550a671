# function: count_tensor_elements
# template: 2022
# expect: pass
# style: x.size(i) over range(x.dim())
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    num_elements = 1
    for i in range(x.dim()):
        num_elements *= x.size(i)
    return num_elements
