# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: the legacy torch.Tensor(M, N) constructor
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.Tensor(M, N).fill_(3.14)
