# function: make_one_hot
# template: 2022
# expect: pass
# style: index_put_
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    y = torch.zeros(len(x), max(x) + 1)
    y.index_put_((torch.arange(len(x)), torch.tensor(x)), torch.tensor(1.0))
    return y
