# function: batched_matrix_multiply
# template: 2020
# expect: pass
# style: Fall 2020: a list and stack / bmm
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply(x, y, use_loop=True):
  if use_loop:
    z = []
    for i in range(x.shape[0]):
      z.append(x[i] @ y[i])
    z = torch.stack(z)
  else:
    z = torch.bmm(x, y)
  return z
