# function: reshape_practice
# template: 2022
# expect: pass
# style: unflatten and flatten
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    return x.unflatten(0, (2, 3, 4)).transpose(0, 1).flatten(1)
