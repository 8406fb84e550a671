# function: count_negative_entries
# template: 2020
# expect: pass
# style: (x < 0).nonzero().shape[0]
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    return (x < 0).nonzero().shape[0]
