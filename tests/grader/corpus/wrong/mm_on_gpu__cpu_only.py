# function: mm_on_gpu
# template: 2022
# expect: fail
# because: never moves x and w to the GPU
# mistake: never uses the GPU
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    return x.mm(w)
