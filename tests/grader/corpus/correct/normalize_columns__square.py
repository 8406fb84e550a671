# function: normalize_columns
# template: 2022
# expect: pass
# style: Tensor.square() for ** 2
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mu = x.sum(0) / M
    return (x - mu) / ((x - mu).square().sum(0) / (M - 1)).sqrt()
