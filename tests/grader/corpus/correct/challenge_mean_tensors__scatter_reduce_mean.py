# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: scatter_reduce(mean)
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    seg = torch.repeat_interleave(torch.arange(len(xs), device=ls.device), ls)
    out = torch.zeros(len(xs), dtype=vals.dtype, device=ls.device)
    return out.scatter_reduce(0, seg, vals, reduce="mean", include_self=False)
