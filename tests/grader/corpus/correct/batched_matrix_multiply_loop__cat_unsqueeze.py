# function: batched_matrix_multiply_loop
# template: 2022
# expect: pass
# style: torch.cat grown in the loop
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    z = None
    for i in range(x.shape[0]):
        p = (x[i] @ y[i]).unsqueeze(0)
        z = p if z is None else torch.cat([z, p], dim=0)
    return z


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
