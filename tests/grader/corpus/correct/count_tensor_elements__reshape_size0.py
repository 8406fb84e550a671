# function: count_tensor_elements
# template: 2022
# expect: pass
# style: x.reshape(-1).size(0)
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return x.reshape(-1).size(0)
