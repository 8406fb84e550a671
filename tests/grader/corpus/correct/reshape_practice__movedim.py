# function: reshape_practice
# template: 2022
# expect: pass
# style: movedim
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.view(2, 3, 4).movedim(0, 1).reshape(3, 8)
