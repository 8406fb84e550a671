# function: batched_matrix_multiply_loop
# template: 2022
# expect: pass
# style: torch.empty, matmul, len(x)
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    z = torch.empty(x.shape[0], x.shape[1], y.shape[2], dtype=x.dtype, device=x.device)
    for i in range(len(x)):
        z[i] = torch.matmul(x[i], y[i])
    return z


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
