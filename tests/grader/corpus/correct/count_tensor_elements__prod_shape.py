# function: count_tensor_elements
# template: 2022
# expect: pass
# style: math.prod(x.shape)
# ruff: noqa
# fmt: off
import math
import torch


def count_tensor_elements(x):
    return math.prod(x.shape)
