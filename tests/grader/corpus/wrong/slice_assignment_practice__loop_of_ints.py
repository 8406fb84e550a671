# function: slice_assignment_practice
# template: 2022
# expect: fail
# because: 12 slice assignments in one call
# mistake: one integer at a time in loops: 12 slice assignments
# ruff: noqa
# fmt: off
import torch


def slice_assignment_practice(x):
    for j, v in enumerate([0, 1, 2, 2, 2, 2]):
        x[0:2, j] = v
    for j, v in enumerate([3, 4, 3, 4, 5, 5]):
        x[2:4, j] = v
    return x
