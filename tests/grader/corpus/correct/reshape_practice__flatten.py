# function: reshape_practice
# template: 2022
# expect: pass
# style: flatten(1)
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.view(2, 3, 4).transpose(0, 1).flatten(1)
