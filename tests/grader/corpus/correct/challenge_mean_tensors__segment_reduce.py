# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: torch.segment_reduce
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    return torch.segment_reduce(vals, "mean", lengths=ls)
