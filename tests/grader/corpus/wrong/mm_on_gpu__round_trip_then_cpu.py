# function: mm_on_gpu
# template: 2022
# expect: fail
# because: multiplies on the CPU
# mistake: moves both to the GPU and straight back, then multiplies on the CPU
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    return x.cuda().cpu().mm(w.cuda().cpu())
