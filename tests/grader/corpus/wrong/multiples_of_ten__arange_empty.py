# function: multiples_of_ten
# template: 2022
# expect: error
# because: RuntimeError
# mistake: torch.arange raises when there is no multiple
# ruff: noqa
# fmt: off
import torch
import math

def multiples_of_ten(start, stop):
    first = math.ceil(start / 10) * 10
    return torch.arange(first, stop + 1, 10, dtype=torch.float64)
