# function: batched_matrix_multiply_loop
# template: 2022
# expect: pass
# style: append torch.mm, stack
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    z = []
    for i in range(x.shape[0]):
        z.append(torch.mm(x[i], y[i]))
    return torch.stack(z)


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
