# function: mm_on_gpu
# template: 2022
# expect: pass
# style: .to('cuda') and .to('cpu') (advice: the template asks for .cuda())
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    x = x.to('cuda')
    w = w.to('cuda')
    y = torch.mm(x, w)
    return y.to('cpu')
