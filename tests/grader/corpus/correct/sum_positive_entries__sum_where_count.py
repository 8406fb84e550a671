# function: sum_positive_entries
# template: 2022
# expect: pass
# style: the mask multiplied in
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    pos = x > 0
    return int(torch.sum(x * pos))
