# function: reverse_rows
# template: 2020
# expect: pass
# style: Fall 2020: torch.flip on the index is allowed
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
  return x[torch.flip(torch.arange(x.shape[0]), dims=[0])]
