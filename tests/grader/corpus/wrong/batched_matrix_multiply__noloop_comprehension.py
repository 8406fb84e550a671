# function: batched_matrix_multiply
# template: 2020
# expect: fail
# because: with use_loop=False grows
# mistake: map in the no-loop branch
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply(x, y, use_loop=True):
  if use_loop:
    z = torch.empty(x.shape[0], x.shape[1], y.shape[2], dtype=x.dtype)
    for i in range(x.shape[0]):
      z[i] = x[i].mm(y[i])
    return z
  return torch.stack(list(map(torch.mm, x, y)))
