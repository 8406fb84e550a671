# function: make_one_hot
# template: 2022
# expect: pass
# style: torch.eye(C)[x]
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    C = max(x) + 1
    return torch.eye(C)[x]
