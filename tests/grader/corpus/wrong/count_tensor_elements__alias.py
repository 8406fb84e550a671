# function: count_tensor_elements
# template: 2022
# expect: fail
# because: torch.numel
# mistake: torch.numel imported under another name
# ruff: noqa
# fmt: off
import torch
from torch import numel as how_many

def count_tensor_elements(x):
    return how_many(x)
