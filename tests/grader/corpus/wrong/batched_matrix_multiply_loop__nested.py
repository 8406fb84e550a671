# function: batched_matrix_multiply_loop
# template: 2022
# expect: fail
# because: 3 loops
# mistake: three nested loops
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    z = torch.zeros(x.shape[0], x.shape[1], y.shape[2], dtype=x.dtype)
    for b in range(x.shape[0]):
        for i in range(x.shape[1]):
            for j in range(y.shape[2]):
                z[b, i, j] = (x[b, i, :] * y[b, :, j]).sum()
    return z


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
