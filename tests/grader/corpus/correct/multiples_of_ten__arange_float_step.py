# function: multiples_of_ten
# template: 2022
# expect: pass
# style: float step and torch.fmod
# ruff: noqa
# fmt: off
import torch


def multiples_of_ten(start, stop):
    assert start <= stop
    x = torch.arange(start, stop + 1, 1.0, dtype=torch.float64)
    return x[torch.fmod(x, 10) == 0]
