# function: normalize_columns
# template: 2022
# expect: pass
# style: inside torch.no_grad(), the shape read through a variable, an assert naming std
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    with torch.no_grad():
        shape = x.shape
        M = shape[0]
        assert M > 1, "the sample std (1/(M-1)) needs at least two rows"
        mu = x.sum(dim=0) / M
        sigma = (((x - mu) ** 2).sum(dim=0) / (M - 1)).sqrt()
        return (x - mu) / sigma
