# function: multiples_of_ten
# template: 2022
# expect: pass
# style: arange, then a boolean mask x % 10 == 0
# ruff: noqa
# fmt: off
import torch


def multiples_of_ten(start, stop):
    assert start <= stop
    x = torch.arange(start, stop + 1, dtype=torch.float64)
    return x[x % 10 == 0]
