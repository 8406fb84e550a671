# function: count_tensor_elements
# template: 2022
# expect: pass
# style: int(torch.prod(torch.tensor(x.shape)).item())
# ruff: noqa
# fmt: off
import torch


def count_tensor_elements(x):
    return int(torch.prod(torch.tensor(x.shape)).item())
