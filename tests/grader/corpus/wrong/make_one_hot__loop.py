# function: make_one_hot
# template: 2022
# expect: fail
# because: a for loop
# mistake: a for loop (fine in 2020, forbidden in 2022)
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    y = torch.zeros(len(x), max(x) + 1)
    for i, label in enumerate(x):
        y[i, label] = 1
    return y
