# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: index_add and ls.numel()
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    seg = torch.repeat_interleave(torch.arange(len(xs), device=ls.device), ls.long())
    sums = torch.zeros(ls.numel(), dtype=vals.dtype, device=ls.device).index_add(0, seg, vals)
    return sums / ls.to(sums.dtype)
