# ruff: noqa
# fmt: off
# mustpass: helper-names
# does: count_tensor_elements multiplies the dimensions in a _helper (a loop over x.shape); create_sample_tensor builds its tensor in another helper
# template: 2022
# expect: count_tensor_elements=pass
# expect: create_sample_tensor=pass
import torch


def _helper(dims):
    total = 1
    for d in dims:
        total *= d
    return total


def _sample():
    t = torch.zeros(3, 2)
    t[0, 1] = 10
    t[1, 0] = 100
    return t


def create_sample_tensor():
    return _sample()


def count_tensor_elements(x):
    return _helper(x.shape)
