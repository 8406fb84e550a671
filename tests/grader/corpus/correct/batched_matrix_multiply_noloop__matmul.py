# function: batched_matrix_multiply_noloop
# template: 2022
# expect: pass
# style: torch.matmul
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_noloop(x, y):
    return torch.matmul(x, y)


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
