# function: slice_assignment_practice
# template: 2022
# expect: pass
# style: one-column slices 0:1 and 1:2
# ruff: noqa
# fmt: off
import torch


def slice_assignment_practice(x):
    x[0:2, 0:1] = 0
    x[0:2, 1:2] = 1
    x[0:2, 2:6] = 2
    x[2:4, 0:4:2] = 3
    x[2:4, 1:4:2] = 4
    x[2:4, 4:6] = 5
    return x
