# function: count_negative_entries
# template: 2020
# expect: pass
# style: len(x[x < 0])
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    return len(x[x < 0])
