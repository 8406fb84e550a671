# function: take_one_elem_per_col
# template: 2022
# expect: pass
# style: x.gather(0, idx).squeeze(0)
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    return x.gather(0, torch.tensor([[1, 0, 3]])).squeeze(0)
