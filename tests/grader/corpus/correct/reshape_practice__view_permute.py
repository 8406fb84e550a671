# function: reshape_practice
# template: 2022
# expect: pass
# style: view, permute, reshape
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.view(2, 3, 4).permute(1, 0, 2).reshape(3, 8)
