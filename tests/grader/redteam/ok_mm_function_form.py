# ruff: noqa
# fmt: off
# mustpass: mm-function-form
# does: mm_on_gpu with the function form torch.mm(x.cuda(), w.cuda()).cpu() (skipped without CUDA, pass with it)
# template: 2022
# expect: mm_on_gpu=pass|skipped
import torch


def mm_on_gpu(x, w):
    x_gpu = x.cuda()
    w_gpu = w.cuda()
    y_gpu = torch.mm(x_gpu, w_gpu)
    return y_gpu.cpu()
