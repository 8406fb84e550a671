# function: make_one_hot
# template: 2022
# expect: pass
# style: labels.max() + 1 as a 0-d tensor size
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    labels = torch.tensor(x)
    y = torch.zeros(labels.shape[0], labels.max() + 1)
    y[torch.arange(labels.shape[0]), labels] = 1.0
    return y
