# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: float64: no dtype is stated and the notebook's check holds
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.full((M, N), 3.14, dtype=torch.float64)
