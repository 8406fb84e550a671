# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: torch.empty(...).fill_(3.14)
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    x = torch.empty(M, N).fill_(3.14)
    return x
