# function: batched_matrix_multiply_loop
# template: 2022
# expect: pass
# style: preallocated zeros of x's dtype
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    B, N, M = x.shape
    P = y.shape[2]
    z = torch.zeros(B, N, P, dtype=x.dtype)
    for b in range(B):
        z[b] = x[b] @ y[b]
    return z


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
