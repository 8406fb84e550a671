# ruff: noqa
# fmt: off
# attack: 9 cpu-addmm
# does: mm_on_gpu round-trips copies through the GPU for show, then multiplies on the CPU with torch.addmm(zeros, x, w)
# template: 2022
# expect: mm_on_gpu=!pass|skipped
import torch


def mm_on_gpu(x, w):
    back = (x.cuda() + 0).cpu(), (w.cuda() + 0).cpu()
    return torch.addmm(torch.zeros(back[0].shape[0], back[1].shape[1], dtype=x.dtype), back[0], back[1])
