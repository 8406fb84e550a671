# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: float64 means of float32 inputs (no dtype is stated)
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    values = torch.cat(xs).double()
    segment = torch.repeat_interleave(torch.arange(len(xs), device=ls.device), ls)
    sums = torch.zeros(len(xs), dtype=torch.float64, device=ls.device).index_add_(0, segment, values)
    return sums / ls
