# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: cumulative sums at the segment ends
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    c = torch.cumsum(vals, dim=0)
    ends = torch.cumsum(ls, dim=0) - 1
    tot = c[ends]
    prev = torch.cat([torch.zeros(1, dtype=tot.dtype, device=ls.device), tot[:-1]])
    return (tot - prev) / ls
