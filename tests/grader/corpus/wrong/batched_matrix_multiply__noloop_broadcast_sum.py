# function: batched_matrix_multiply
# template: 2020
# expect: fail
# because: asks for a single PyTorch operator
# mistake: use_loop=False multiplies by broadcasting and sums, instead of one bmm
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply(x, y, use_loop=True):
    if use_loop:
        out = []
        for i in range(x.shape[0]):
            out.append(x[i] @ y[i])
        return torch.stack(out)
    return (x.unsqueeze(3) * y.unsqueeze(1)).sum(2)
