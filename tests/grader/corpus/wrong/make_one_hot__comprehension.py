# function: make_one_hot
# template: 2022
# expect: fail
# because: list comprehension
# mistake: list comprehensions
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    rows = [[1.0 if c == label else 0.0 for c in range(max(x) + 1)] for label in x]
    return torch.tensor(rows)
