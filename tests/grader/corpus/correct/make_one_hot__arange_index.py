# function: make_one_hot
# template: 2022
# expect: pass
# style: y[torch.arange(N), x] = 1
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    y = torch.zeros(len(x), max(x) + 1, dtype=torch.float32)
    y[torch.arange(len(x)), x] = 1
    return y
