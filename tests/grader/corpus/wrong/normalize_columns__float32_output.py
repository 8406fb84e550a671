# function: normalize_columns
# template: 2022
# expect: fail
# because: dtype torch.float64
# mistake: converts to float32
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    x = x.float()
    m = x.shape[0]
    centered = x - x.sum(dim=0) / m
    return centered / ((centered ** 2).sum(dim=0) / (m - 1)).sqrt()
