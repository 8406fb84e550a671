# function: challenge_mean_tensors
# template: 2022
# expect: pass
# style: cumsum with a leading zero
# ruff: noqa
# fmt: off
import torch


def challenge_mean_tensors(xs, ls):
    vals = torch.cat(xs)
    c = torch.cat([vals.new_zeros(1), vals.cumsum(0)])
    ends = ls.cumsum(0)
    starts = ends - ls
    return (c[ends] - c[starts]) / ls
