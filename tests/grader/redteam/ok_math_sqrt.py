# ruff: noqa
# fmt: off
# mustpass: math-sqrt
# does: normalize_columns divides by math.sqrt(M - 1) (a Python float) and uses torch.sqrt on the sum of squares
# template: 2022
# expect: normalize_columns=pass
import math

import torch


def normalize_columns(x):
    m = x.shape[0]
    centred = x - x.sum(dim=0, keepdim=True) / m
    return centred / (torch.sqrt((centred ** 2).sum(dim=0, keepdim=True)) / math.sqrt(m - 1))
