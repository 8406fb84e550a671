# ruff: noqa
# fmt: off
# mustpass: reshape-chain
# does: reshape_practice with view/permute/contiguous/reshape chained; reverse_rows with an arange index
# template: 2022
# expect: reshape_practice=pass
# expect: reverse_rows=pass
import torch


def reshape_practice(x):
    return x.view(2, 3, 4).permute(1, 0, 2).contiguous().view(3, 8)


def reverse_rows(x):
    return x[torch.arange(x.shape[0] - 1, -1, -1)]
