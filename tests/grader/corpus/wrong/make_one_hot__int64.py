# function: make_one_hot
# template: 2022
# expect: fail
# because: dtype torch.float32
# mistake: int64 instead of float32
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    return torch.nn.functional.one_hot(torch.tensor(x))
