# function: make_one_hot
# template: 2022
# expect: pass
# style: torch.eye(C)[torch.tensor(x)]
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    x = torch.tensor(x)
    return torch.eye(x.max().item() + 1)[x]
