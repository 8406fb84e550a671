# function: shuffle_cols
# template: 2022
# expect: fail
# because: indexes the input 4 times
# mistake: four indexing operations and a stack
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    return torch.stack([x[:, 0], x[:, 0], x[:, 2], x[:, 1]], dim=1)
