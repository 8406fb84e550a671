# function: create_sample_tensor
# template: 2022
# expect: pass
# style: torch.tensor from int lists: int64 (no dtype is stated)
# ruff: noqa
# fmt: off
import torch


def create_sample_tensor():
    x = torch.tensor([[0, 10], [100, 0], [0, 0]])
    return x
