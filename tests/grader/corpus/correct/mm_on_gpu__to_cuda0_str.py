# function: mm_on_gpu
# template: 2022
# expect: pass
# style: 'cuda:0' and back to x.device
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    return x.to('cuda:0').mm(w.to('cuda:0')).to(x.device)
