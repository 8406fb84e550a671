# function: make_one_hot
# template: 2022
# expect: fail
# because: rows() calls itself
# mistake: the rows are built by a recursive function defined inside it
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    C = max(x) + 1

    def rows(k):
        if k == len(x):
            return []
        row = [0.0] * C
        row[x[k]] = 1.0
        return [row] + rows(k + 1)

    return torch.tensor(rows(0), dtype=torch.float32)
