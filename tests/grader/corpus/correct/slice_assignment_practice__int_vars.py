# function: slice_assignment_practice
# template: 2022
# expect: pass
# style: integers held in variables (checked at run time)
# ruff: noqa
# fmt: off
import torch


def slice_assignment_practice(x):
    zero, one, two, three, four, five = 0, 1, 2, 3, 4, 5
    x[:2, :6] = two
    x[:2, 0] = zero
    x[:2, 1] = one
    x[2:4, :4] = four
    x[2:4, 0:3:2] = three
    x[2:4, 4:6] = five
    return x
