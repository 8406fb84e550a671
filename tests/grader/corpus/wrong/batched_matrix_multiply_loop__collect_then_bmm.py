# function: batched_matrix_multiply_loop
# template: 2022
# expect: fail
# because: multiplies the whole batch at once
# mistake: the loop only collects the matrices; one bmm does the product
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply_loop(x, y):
    xs, ys = [], []
    for i in range(x.shape[0]):
        xs.append(x[i])
        ys.append(y[i])
    return torch.bmm(torch.stack(xs), torch.stack(ys))


def batched_matrix_multiply(x, y, use_loop=True):
    # Provided by the 2022 template.
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
