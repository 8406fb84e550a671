# function: batched_matrix_multiply
# template: 2020
# expect: fail
# because: dtype torch.float64
# mistake: the loop branch always returns float32
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply(x, y, use_loop=True):
  if not use_loop:
    return torch.bmm(x, y)
  z = torch.zeros(x.shape[0], x.shape[1], y.shape[2])
  for i in range(x.shape[0]):
    z[i] = x[i].mm(y[i])
  return z
