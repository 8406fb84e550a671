# function: batched_matrix_multiply_noloop
# template: 2022
# expect: fail
# because: list comprehension
# mistake: a comprehension over the batch
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_noloop(x, y):
    return torch.stack([x[b] @ y[b] for b in range(x.shape[0])])


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
