# function: multiples_of_ten
# template: 2022
# expect: pass
# style: round start up, empty tensor when there is none
# ruff: noqa
# fmt: off
import torch


def multiples_of_ten(start, stop):
    assert start <= stop
    if start % 10:
        start += 10 - start % 10
    if start > stop:
        return torch.tensor([], dtype=torch.float64)
    return torch.arange(start, stop + 1, step=10, dtype=torch.float64)
