# function: batched_matrix_multiply_noloop
# template: 2022
# expect: fail
# because: recursion
# mistake: recursion over the batch
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_noloop(x, y):
    if x.shape[0] == 1:
        return (x[0] @ y[0]).unsqueeze(0)
    return torch.cat([(x[0] @ y[0]).unsqueeze(0), batched_matrix_multiply_noloop(x[1:], y[1:])])


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
