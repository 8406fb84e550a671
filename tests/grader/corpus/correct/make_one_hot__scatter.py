# function: make_one_hot
# template: 2022
# expect: pass
# style: zeros and scatter_
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    N, C = len(x), max(x) + 1
    y = torch.zeros(N, C)
    y.scatter_(1, torch.tensor(x).view(-1, 1), 1)
    return y
