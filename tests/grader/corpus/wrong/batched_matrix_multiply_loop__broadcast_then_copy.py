# function: batched_matrix_multiply_loop
# template: 2022
# expect: fail
# because: multiplies the whole batch at once
# mistake: one broadcast product of the whole batch, then a loop that only copies it out
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    full = (x[..., None] * y[:, None]).sum(2)
    z = torch.empty_like(full)
    for i in range(x.shape[0]):
        z[i] = full[i]
    return z


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
