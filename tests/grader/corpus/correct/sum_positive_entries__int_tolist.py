# function: sum_positive_entries
# template: 2022
# expect: pass
# style: int(... .sum().tolist()) on a 0-d tensor
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return int(x[x > 0].sum().tolist())
