# function: count_tensor_elements
# template: 2022
# expect: pass
# style: len(x.flatten())
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return len(x.flatten())
