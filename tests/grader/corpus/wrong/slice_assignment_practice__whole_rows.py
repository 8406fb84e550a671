# function: slice_assignment_practice
# template: 2022
# expect: fail
# because: the notebook's check
# mistake: writes past column 6
# ruff: noqa
# fmt: off
import torch


def slice_assignment_practice(x):
    x[:2, 0] = 0
    x[:2, 1] = 1
    x[:2, 2:] = 2
    x[2:4, 0:4:2] = 3
    x[2:4, 1:4:2] = 4
    x[2:4, 4:] = 5
    return x
