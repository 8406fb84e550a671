# function: slice_assignment_practice
# template: 2022
# expect: pass
# style: six assignments with steps
# ruff: noqa
# fmt: off
import torch


def slice_assignment_practice(x):
    x[0:2, 0:6] = 2
    x[0:2, 0] = 0
    x[0:2, 1] = 1
    x[2:4, 0:6:2] = 3
    x[2:4, 1:4:2] = 4
    x[2:4, 4:6] = 5
    return x
