# function: slice_indexing_practice
# template: 2022
# expect: fail
# because: not a view
# mistake: copies instead of views
# ruff: noqa
# fmt: off
import torch


def slice_indexing_practice(x):
    return x[-1].clone(), x[:, 2:3].clone(), x[:2, :3].clone(), x[::2, 1::2].clone()
