# ruff: noqa
# fmt: off
# attack: 5 module-lambda
# does: make_one_hot calls a module-level lambda that holds a nested list comprehension
# template: 2022
# expect: make_one_hot=!pass
import torch

_rows = lambda labels, width: [[1.0 if j == v else 0.0 for j in range(width)] for v in labels]


def make_one_hot(x):
    return torch.tensor(_rows(x, max(x) + 1), dtype=torch.float32)
