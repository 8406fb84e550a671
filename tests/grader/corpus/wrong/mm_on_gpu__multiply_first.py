# function: mm_on_gpu
# template: 2022
# expect: fail
# because: multiplies on the CPU
# mistake: multiplies on the CPU, then round-trips the result
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    return x.mm(w).cuda().cpu()
