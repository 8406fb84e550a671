# function: normalize_columns
# template: 2022
# expect: pass
# style: torch.div, torch.sub, torch.mul
# ruff: noqa
# fmt: off
import torch


def normalize_columns(x):
    M = x.shape[0]
    mu = torch.div(torch.sum(x, dim=0), M)
    c = torch.sub(x, mu)
    s = torch.sqrt(torch.div(torch.sum(torch.mul(c, c), dim=0), M - 1))
    return torch.div(c, s)
