# function: batched_matrix_multiply_loop
# template: 2022
# expect: fail
# because: no explicit loop
# mistake: no loop at all
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    return torch.bmm(x, y)


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
