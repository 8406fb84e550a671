# function: reverse_rows
# template: 2020
# expect: fail
# because: indexes the input 0 times
# mistake: flip: allowed in 2020, but the rule wants one integer-array index
# ruff: noqa
# fmt: off
import torch


def reverse_rows(x):
  return x.flip(0)
