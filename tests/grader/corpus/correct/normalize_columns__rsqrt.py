# function: normalize_columns
# template: 2022
# expect: pass
# style: torch.rsqrt for 1 / sqrt
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    c = x - x.sum(0, keepdim=True) / M
    return c * torch.rsqrt((c ** 2).sum(0, keepdim=True) / (M - 1))
