# function: challenge_mean_tensors
# template: 2022
# expect: error
# because: Expected all tensors to be on the same device
# mistake: the sums buffer is made without device=, so GPU inputs meet a CPU tensor
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    values = torch.cat(xs)
    ids = torch.repeat_interleave(torch.arange(len(xs), device=values.device), ls)
    sums = torch.zeros(len(xs), dtype=values.dtype)
    sums.index_add_(0, ids, values)
    return sums / ls
