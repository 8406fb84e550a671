# ruff: noqa
# fmt: off
# attack: 9 cpu-torch-mm
# does: mm_on_gpu moves x and w to the GPU with .cuda() and uses the copies, but multiplies the CPU tensors with the function form torch.mm(x, w)
# template: 2022
# expect: mm_on_gpu=!pass|skipped
import torch


def mm_on_gpu(x, w):
    xg, wg = x.cuda(), w.cuda()
    scale = (xg.sum() * 0 + wg.sum() * 0 + 1).cpu()
    return torch.mm(x, w) * scale
