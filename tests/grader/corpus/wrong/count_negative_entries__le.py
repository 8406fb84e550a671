# function: count_negative_entries
# template: 2020
# expect: fail
# because: should be 2
# mistake: counts zeros too
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
  return int((x <= 0).sum())
