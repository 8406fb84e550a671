# function: reshape_practice
# template: 2022
# expect: pass
# style: a longer chain through .t()
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    y = x.view(2, 12).t().contiguous().view(3, 4, 2)
    return y.permute(0, 2, 1).reshape(3, 8)
