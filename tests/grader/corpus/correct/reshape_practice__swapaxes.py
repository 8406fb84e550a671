# function: reshape_practice
# template: 2022
# expect: pass
# style: swapaxes
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.view(2, 3, 4).swapaxes(0, 1).reshape(3, 8)
