# function: multiples_of_ten
# template: 2022
# expect: fail
# because: start = stop = a multiple of 10
# mistake: stop excluded
# ruff: noqa
# fmt: off
import torch


def multiples_of_ten(start, stop):
    xs = torch.arange(start, stop, dtype=torch.float64)
    return xs[xs % 10 == 0]
