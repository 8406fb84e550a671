# function: take_one_elem_per_col
# template: 2022
# expect: pass
# style: torch.take with flat indices from x.shape
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    N = x.shape[1]
    return torch.take(x, torch.tensor([1 * N + 0, 0 * N + 1, 3 * N + 2]))
