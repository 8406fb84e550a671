# function: create_tensor_of_pi
# template: 2022
# expect: fail
# because: should have shape (4, 5)
# mistake: (N, M) instead of (M, N)
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.full((N, M), 3.14)
