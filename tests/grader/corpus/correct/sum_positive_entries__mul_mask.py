# function: sum_positive_entries
# template: 2022
# expect: pass
# style: x * (x > 0)
# ruff: noqa
# fmt: off
import torch


def sum_positive_entries(x):
    return (x * (x > 0)).sum().item()
