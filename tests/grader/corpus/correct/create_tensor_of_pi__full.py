# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: torch.full
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.full((M, N), 3.14)
