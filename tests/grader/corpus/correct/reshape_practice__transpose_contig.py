# function: reshape_practice
# template: 2022
# expect: pass
# style: view, transpose, contiguous, view
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.view(2, 3, 4).transpose(0, 1).contiguous().view(3, 8)
