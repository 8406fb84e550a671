# ruff: noqa
# fmt: off
# mustpass: bmm-loop-zip
# does: batched_matrix_multiply_loop with one loop over zip(x, y) and torch.stack; the no-loop version with the @ operator
# template: 2022
# expect: batched_matrix_multiply_loop=pass
# expect: batched_matrix_multiply_noloop=pass
import torch


def batched_matrix_multiply_loop(x, y):
    products = []
    for a, b in zip(x, y):
        products.append(a @ b)
    if not products:
        return torch.zeros(0, x.shape[1], y.shape[2], dtype=x.dtype)
    return torch.stack(products)


def batched_matrix_multiply_noloop(x, y):
    return x @ y


def batched_matrix_multiply(x, y, use_loop=True):
    # the template's own dispatcher (provided, not graded): the cases call through it
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
