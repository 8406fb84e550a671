# function: normalize_columns
# template: 2022
# expect: pass
# style: reshape for broadcasting, axis=0, torch.pow
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mean = x.sum(axis=0) / M
    diff = x - mean.reshape(1, -1)
    std = torch.sqrt(torch.sum(torch.pow(diff, 2), axis=0) / (M - 1))
    return diff / std.reshape(1, -1)
