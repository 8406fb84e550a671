# function: batched_matrix_multiply
# template: 2020
# expect: pass
# style: Fall 2020: preallocated zeros / matmul
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply(x, y, use_loop=True):
  B = x.shape[0]
  z = None
  if use_loop:
    z = torch.zeros(B, x.shape[1], y.shape[2], dtype=x.dtype)
    for b in range(B):
      z[b] = torch.mm(x[b], y[b])
  else:
    z = torch.matmul(x, y)
  return z
