# function: reverse_rows
# template: 2022
# expect: fail
# because: flipud
# mistake: flipud, a synonym of flip
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    return x.flipud()
