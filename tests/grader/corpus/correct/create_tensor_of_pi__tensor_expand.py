# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: a 0-d tensor expanded and cloned (stride 0 when 1 x 1)
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.tensor(3.14).expand(M, N).clone()
