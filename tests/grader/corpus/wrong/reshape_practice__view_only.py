# function: reshape_practice
# template: 2022
# expect: fail
# because: wrong at index
# mistake: a single view
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.view(3, 8)
