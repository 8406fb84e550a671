# function: reshape_practice
# template: 2022
# expect: pass
# style: permute with a tuple
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.view(2, 3, 4).permute((1, 0, 2)).contiguous().view(3, 8)
