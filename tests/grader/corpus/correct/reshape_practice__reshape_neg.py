# function: reshape_practice
# template: 2022
# expect: pass
# style: reshape with -1
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.reshape(2, 3, -1).transpose(0, 1).reshape(3, -1)
