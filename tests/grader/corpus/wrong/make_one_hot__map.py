# function: make_one_hot
# template: 2022
# expect: fail
# because: map() is a hidden loop
# mistake: map, a hidden loop
# ruff: noqa
# fmt: off
import torch


def make_one_hot(x):
    eye = torch.eye(max(x) + 1)
    return torch.stack(list(map(lambda label: eye[label], x)))
