# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: index_add_ and div
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    n = len(xs)
    seg = torch.repeat_interleave(torch.arange(n, device=ls.device), ls)
    s = torch.zeros(n, dtype=vals.dtype, device=ls.device)
    s.index_add_(0, seg, vals)
    return s.div(ls)
