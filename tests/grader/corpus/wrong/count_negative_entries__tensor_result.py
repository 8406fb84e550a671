# function: count_negative_entries
# template: 2020
# expect: fail
# because: Python int
# mistake: a 0-d tensor instead of an int (refused with --strict; passes with a note without)
# strict: yes
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
  return (x < 0).sum()
