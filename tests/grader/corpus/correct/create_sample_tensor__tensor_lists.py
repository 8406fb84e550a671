# function: create_sample_tensor
# template: 2022
# expect: pass
# style: torch.tensor from nested lists of floats
# ruff: noqa
# fmt: off
import torch


def create_sample_tensor():
    return torch.tensor([[0., 10.], [100., 0.], [0., 0.]])
