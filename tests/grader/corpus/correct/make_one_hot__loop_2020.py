# function: make_one_hot
# template: 2020
# expect: pass
# style: Fall 2020: a loop is allowed
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
  y = torch.zeros(len(x), max(x) + 1)
  for i, c in enumerate(x):
    y[i][c] = 1
  return y
