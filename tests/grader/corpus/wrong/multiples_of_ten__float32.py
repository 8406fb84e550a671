# function: multiples_of_ten
# template: 2022
# expect: fail
# because: dtype torch.float64
# mistake: float32 instead of float64
# ruff: noqa
# fmt: off
import torch


def multiples_of_ten(start, stop):
    xs = torch.arange(start, stop + 1)
    return xs[xs % 10 == 0].float()
