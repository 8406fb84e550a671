# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: bincount with weights (float64 out, cast back)
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    seg = torch.repeat_interleave(torch.arange(ls.shape[0], device=ls.device), ls)
    s = torch.bincount(seg, weights=vals, minlength=ls.shape[0])
    return (s / ls).to(vals.dtype)
