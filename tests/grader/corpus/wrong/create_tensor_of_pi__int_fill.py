# function: create_tensor_of_pi
# template: 2022
# expect: fail
# because: expected 3.14, got 3
# mistake: an integer fill value makes an int64 tensor of 3s (any float dtype of 3.14 passes)
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.full((M, N), 3)
