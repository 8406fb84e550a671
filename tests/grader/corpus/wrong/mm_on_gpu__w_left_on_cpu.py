# function: mm_on_gpu
# template: 2022
# expect: error
# because: Expected all tensors to be on the same device
# mistake: only x is moved: the product mixes a GPU and a CPU tensor (an error on a real GPU too)
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    x = x.cuda()
    return x.mm(w).cpu()
