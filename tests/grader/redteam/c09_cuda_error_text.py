# ruff: noqa
# fmt: off
# attack: 9 cuda-error-text
# does: mm_on_gpu raises an error whose text mentions CUDA without doing any work (skipped at no cost today)
# template: 2022
# expect: mm_on_gpu=!pass|skipped
import torch


def mm_on_gpu(x, w):
    raise RuntimeError("CUDA error: no kernel image is available for execution on the device")
