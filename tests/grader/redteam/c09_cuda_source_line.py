# ruff: noqa
# fmt: off
# attack: 9 cuda-source-line
# does: mm_on_gpu fails with a NameError on a line that mentions .cuda(): the traceback's source line says cuda, so it was skipped at no cost
# template: 2022
# expect: mm_on_gpu=!pass|skipped
import torch


def mm_on_gpu(x, w):
    return x.cuda().mm(w.cuda()).cpu() + not_defined_anywhere
