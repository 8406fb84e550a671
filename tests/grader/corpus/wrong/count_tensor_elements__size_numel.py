# function: count_tensor_elements
# template: 2022
# expect: fail
# because: numel
# mistake: torch.Size.numel, invisible to the call log
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return x.size().numel()
