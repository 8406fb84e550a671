# function: reshape_practice
# template: 2022
# expect: fail
# because: allowed: reshaping operations
# mistake: slices, cat and stack
# ruff: noqa
# fmt: off
import torch


def reshape_practice(x):
    rows = [torch.cat([x[4 * r:4 * r + 4], x[12 + 4 * r:16 + 4 * r]]) for r in range(3)]
    return torch.stack(rows)
