# function: multiples_of_ten
# template: 2022
# expect: pass
# style: a list comprehension (no loop rule here)
# ruff: noqa
# fmt: off
import torch


def multiples_of_ten(start, stop):
    assert start <= stop
    return torch.tensor([i for i in range(start, stop + 1) if i % 10 == 0], dtype=torch.float64)
