# function: shuffle_cols
# template: 2022
# expect: pass
# style: a tensor index
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    idx = torch.tensor([0, 0, 2, 1])
    y = x[:, idx]
    return y
