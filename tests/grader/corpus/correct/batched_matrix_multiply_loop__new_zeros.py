# function: batched_matrix_multiply_loop
# template: 2022
# expect: pass
# style: x.new_zeros and full slices
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    z = x.new_zeros(x.shape[0], x.shape[1], y.shape[2])
    for i in range(x.size(0)):
        z[i, :, :] = x[i, :, :].mm(y[i, :, :])
    return z


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
