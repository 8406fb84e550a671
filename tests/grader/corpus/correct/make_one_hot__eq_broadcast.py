# function: make_one_hot
# template: 2022
# expect: pass
# style: labels[:, None] == arange(C)
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    labels = torch.tensor(x)
    C = int(labels.max()) + 1
    return (labels[:, None] == torch.arange(C)[None, :]).float()
