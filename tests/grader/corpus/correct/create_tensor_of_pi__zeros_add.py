# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: zeros, then += 3.14 (two lines: advice only)
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    x = torch.zeros(M, N)
    x += 3.14
    return x
