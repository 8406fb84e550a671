# function: batched_matrix_multiply_loop
# template: 2022
# expect: pass
# style: zip(x, y)
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    outs = []
    for a, b in zip(x, y):
        outs.append(a.mm(b))
    return torch.stack(outs, dim=0)


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
