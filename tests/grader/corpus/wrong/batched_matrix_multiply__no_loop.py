# function: batched_matrix_multiply
# template: 2020
# expect: fail
# because: does not grow with the batch size
# mistake: bmm for both branches
# ruff: noqa
# fmt: off
import torch


def batched_matrix_multiply(x, y, use_loop=True):
  return torch.bmm(x, y)
