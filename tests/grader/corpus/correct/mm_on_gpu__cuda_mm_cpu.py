# function: mm_on_gpu
# template: 2022
# expect: pass
# style: .cuda(), mm, .cpu()
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    y = x.cuda().mm(w.cuda()).cpu()
    return y
