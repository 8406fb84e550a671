# function: count_negative_entries
# template: 2020
# expect: pass
# style: x[x < 0].view(-1).shape[0]
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    return x[x < 0].view(-1).shape[0]
