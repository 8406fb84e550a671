# function: mm_on_gpu
# template: 2022
# expect: pass
# style: .to(device='cuda')
# ruff: noqa
# fmt: off
import torch


def mm_on_gpu(x, w):
    xg = x.to(device='cuda')
    wg = w.to(device='cuda')
    return torch.matmul(xg, wg).to(device='cpu')
