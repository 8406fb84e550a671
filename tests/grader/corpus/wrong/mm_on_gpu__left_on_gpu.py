# function: mm_on_gpu
# template: 2022
# expect: fail
# because: on the GPU
# mistake: leaves the result on the GPU
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    return x.cuda().mm(w.cuda())
