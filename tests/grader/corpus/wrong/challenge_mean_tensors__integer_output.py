# function: challenge_mean_tensors
# template: 2022
# expect: fail
# because: wrong at index
# mistake: casts the means to the lengths' int64 dtype (any float dtype passes: none is stated)
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    values = torch.cat(xs)
    segment = torch.repeat_interleave(torch.arange(len(xs)), ls)
    sums = torch.zeros(len(xs), dtype=values.dtype).index_add_(0, segment, values)
    return (sums / ls).to(ls.dtype)
