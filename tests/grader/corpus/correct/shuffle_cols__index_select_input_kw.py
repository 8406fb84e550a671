# function: shuffle_cols
# template: 2022
# expect: pass
# style: torch.index_select with input= as a keyword (one indexing op, as the rule asks)
# ruff: noqa
# fmt: off
import torch


def shuffle_cols(x):
    return torch.index_select(input=x, dim=-1, index=torch.tensor([0, 0, 2, 1]))
