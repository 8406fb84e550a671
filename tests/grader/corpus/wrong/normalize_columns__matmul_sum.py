# function: normalize_columns
# template: 2022
# expect: fail
# because: calls torch.Tensor.matmul
# mistake: sums with a matrix product: not an allowed op
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    ones = torch.ones(1, M, dtype=x.dtype)
    mu = (ones @ x) / M
    return (x - mu) / ((ones @ (x - mu) ** 2) / (M - 1)) ** 0.5
