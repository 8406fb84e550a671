# ruff: noqa
# fmt: off
# mustpass: check-helper
# does: zero_row_min and normalize_columns call a _check_2d helper that loops over the dimensions and raises (an input check, not work)
# template: 2022
# expect: zero_row_min=pass
# expect: normalize_columns=pass
import torch


def _check_2d(name, x):
    if x.dim() != 2:
        raise ValueError(f"{name}: x must be 2-D")
    for d in x.shape:
        if d < 1:
            raise ValueError(f"{name}: x must not be empty")


def zero_row_min(x):
    _check_2d("zero_row_min", x)
    y = x.clone()
    y[torch.arange(y.shape[0]), torch.argmin(y, dim=1)] = 0
    return y


def normalize_columns(x):
    _check_2d("normalize_columns", x)
    m = x.shape[0]
    mu = x.sum(dim=0) / m
    sd = (((x - mu) ** 2).sum(dim=0) / (m - 1)) ** 0.5
    return (x - mu) / sd
