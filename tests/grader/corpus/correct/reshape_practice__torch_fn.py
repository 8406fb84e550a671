# function: reshape_practice
# template: 2022
# expect: pass
# style: the torch.* function forms
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return torch.reshape(torch.transpose(torch.reshape(x, (2, 3, 4)), 0, 1), (3, 8))
