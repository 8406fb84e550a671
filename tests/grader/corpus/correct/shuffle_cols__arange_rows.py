# function: shuffle_cols
# template: 2022
# expect: pass
# style: x[rows, cols] with broadcast index tensors built by indexing arange
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    rows = torch.arange(x.shape[0])[:, None]
    cols = torch.tensor([0, 0, 2, 1])[None, :]
    return x[rows, cols]
