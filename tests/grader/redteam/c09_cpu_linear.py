# ruff: noqa
# fmt: off
# attack: 9 cpu-linear
# does: mm_on_gpu touches GPU copies, then computes x @ w on the CPU as torch.nn.functional.linear(x, w.t())
# template: 2022
# expect: mm_on_gpu=!pass|skipped
import torch
import torch.nn.functional as F


def mm_on_gpu(x, w):
    xg = x.cuda()
    wg = w.cuda()
    _ = xg.abs().cpu(), wg.abs().cpu()
    return F.linear(x, w.t())
