# function: count_tensor_elements
# template: 2022
# expect: pass
# style: x.view(-1).shape[0] (no numel: allowed)
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return x.view(-1).shape[0]
