# function: batched_matrix_multiply_noloop
# template: 2022
# expect: pass
# style: x @ y
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_noloop(x, y):
    z = x @ y
    return z


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
