# function: count_tensor_elements
# template: 2022
# expect: pass
# style: functools.reduce(operator.mul, x.shape, 1) (no loop rule here)
# ruff: noqa
# fmt: off
from functools import reduce
import operator
import torch


def count_tensor_elements(x):
    return reduce(operator.mul, x.shape, 1)
