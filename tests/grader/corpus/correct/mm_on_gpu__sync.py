# function: mm_on_gpu
# template: 2022
# expect: pass
# style: torch.cuda.synchronize()
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    x_gpu = x.cuda()
    w_gpu = w.cuda()
    y_gpu = x_gpu.mm(w_gpu)
    torch.cuda.synchronize()
    return y_gpu.cpu()
