# function: take_one_elem_per_col
# template: 2022
# expect: fail
# because: wrong at index
# mistake: rows 0 and 1 swapped
# ruff: noqa
# fmt: off
import torch


def take_one_elem_per_col(x):
    return x[[0, 1, 3], [0, 1, 2]]
