# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: cat, repeat_interleave, index_add_
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    seg = torch.repeat_interleave(torch.arange(len(xs), device=ls.device), ls)
    s = torch.zeros(len(xs), dtype=vals.dtype, device=ls.device).index_add_(0, seg, vals)
    return s / ls
