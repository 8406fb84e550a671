# function: create_tensor_of_pi
# template: 2022
# expect: pass
# style: torch.full with a list shape and an explicit float32
# ruff: noqa
# fmt: off
import torch


def create_tensor_of_pi(M, N):
    return torch.full([M, N], 3.14, dtype=torch.float32)
