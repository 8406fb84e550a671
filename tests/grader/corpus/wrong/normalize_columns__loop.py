# function: normalize_columns
# template: 2022
# expect: fail
# because: a for loop
# mistake: a loop over columns
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    y = torch.empty_like(x)
    m = x.shape[0]
    for j in range(x.shape[1]):
        col = x[:, j]
        centered = col - col.sum() / m
        y[:, j] = centered / ((centered ** 2).sum() / (m - 1)).sqrt()
    return y
