# function: reverse_rows
# template: 2022
# expect: pass
# style: list(reversed(range(M)))
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
    M = x.size(0)
    return x[list(reversed(range(M)))]
