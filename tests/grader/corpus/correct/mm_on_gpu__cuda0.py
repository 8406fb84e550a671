# function: mm_on_gpu
# template: 2022
# expect: pass
# style: .cuda(0)
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    return (x.cuda(0) @ w.cuda(0)).cpu()
