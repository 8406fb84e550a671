# function: slice_assignment_practice
# template: 2022
# expect: fail
# because: at most 6
# mistake: eight slice assignments
# ruff: noqa
# fmt: off
import torch


def slice_assignment_practice(x):
    x[0:2, 0] = 0
    x[0:2, 1] = 1
    x[0:2, 2:6] = 2
    x[2:4, 0] = 3
    x[2:4, 1] = 4
    x[2:4, 2] = 3
    x[2:4, 3] = 4
    x[2:4, 4:6] = 5
    return x
