# function: count_negative_entries
# template: 2020
# expect: pass
# style: int((x < 0).sum())
# ruff: noqa
# fmt: off
import torch


def count_negative_entries(x):
    return int((x < 0).sum())
