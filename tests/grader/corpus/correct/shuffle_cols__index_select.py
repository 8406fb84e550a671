# function: shuffle_cols
# template: 2022
# expect: pass
# style: torch.index_select: x[:, idx] as a function
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    return torch.index_select(x, 1, torch.tensor([0, 0, 2, 1]))
