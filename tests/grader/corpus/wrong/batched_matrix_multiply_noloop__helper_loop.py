# function: batched_matrix_multiply_noloop
# template: 2022
# expect: fail
# because: grows with the input size
# mistake: a loop hidden in a helper (only the op count shows it)
# ruff: noqa
# fmt: off
import torch


def _one_by_one(x, y):
    out = []
    for b in range(x.shape[0]):
        out.append(x[b] @ y[b])
    return torch.stack(out)


def batched_matrix_multiply_noloop(x, y):
    return _one_by_one(x, y)


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
