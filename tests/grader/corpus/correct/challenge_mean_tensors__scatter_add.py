# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: scatter_add
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    seg = torch.arange(len(xs), device=ls.device).repeat_interleave(ls)
    s = torch.zeros(len(xs), dtype=vals.dtype, device=vals.device)
    s = s.scatter_add(0, seg, vals)
    return s / ls.to(vals.dtype)
