# function: create_sample_tensor
# template: 2022
# expect: pass
# style: float64 zeros, chained x[i][j] assignments
# ruff: noqa
# fmt: off
import torch


def create_sample_tensor():
    x = torch.zeros((3, 2), dtype=torch.float64)
    x[0][1] = 10
    x[1][0] = 100
    return x
