# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: 3.14 * ones
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    x = torch.ones(M, N) * 3.14
    return x
