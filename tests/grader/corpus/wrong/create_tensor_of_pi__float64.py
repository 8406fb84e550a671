# function: create_tensor_of_pi
# template: 2022
# expect: fail
# because: dtype torch.float32
# mistake: float64 instead of the default float32
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.full((M, N), 3.14, dtype=torch.float64)
