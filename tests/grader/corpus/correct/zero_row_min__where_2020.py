# function: zero_row_min
# template: 2020
# expect: pass
# style: Fall 2020: argmin on the clone
# ruff: noqa
# fmt: off
import torch


def zero_row_min(x):
  y = x.clone()
  y[torch.arange(y.shape[0]), y.argmin(dim=1)] = 0
  return y
