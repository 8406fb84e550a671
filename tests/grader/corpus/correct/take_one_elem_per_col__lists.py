# function: take_one_elem_per_col
# template: 2022
# expect: pass
# style: two Python lists
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    return x[[1, 0, 3], [0, 1, 2]]
