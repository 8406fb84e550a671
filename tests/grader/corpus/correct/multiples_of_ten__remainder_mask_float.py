# function: multiples_of_ten
# template: 2022
# expect: pass
# style: torch.remainder mask and masked_select
# ruff: noqa
# fmt: off
import torch


def multiples_of_ten(start, stop):
    assert start <= stop
    x = torch.arange(start, stop + 1).to(torch.float64)
    mask = torch.remainder(x, 10) == 0
    return torch.masked_select(x, mask)
