# function: make_one_hot
# template: 2022
# expect: pass
# style: F.one_hot(...).float()
# ruff: noqa
# fmt: off
import torch
import torch.nn.functional as F


def make_one_hot(x):
    return F.one_hot(torch.tensor(x)).float()
