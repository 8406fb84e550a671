# function: mm_on_gpu
# template: 2022
# expect: pass
# style: a torch.device object
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    device = torch.device('cuda')
    y = (x.to(device) @ w.to(device)).cpu()
    return y
