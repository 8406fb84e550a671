"""Running on GPU: the same matrix product on the CPU and through the GPU."""

from __future__ import annotations

from torch import Tensor

from torch101.reference._checks import check_cuda, check_matmul_operands


def mm_on_cpu(x: Tensor, w: Tensor) -> Tensor:
    """Matrix product x @ w of (A, B) and (B, C) on the tensors' own device."""
    check_matmul_operands("mm_on_cpu", x, w, batched=False)
    return x.mm(w)


def mm_on_gpu(x: Tensor, w: Tensor) -> Tensor:
    """Move x and w to the GPU with .cuda(), multiply there, and return the product on the CPU."""
    check_matmul_operands("mm_on_gpu", x, w, batched=False)
    check_cuda("mm_on_gpu")
    return x.cuda().mm(w.cuda()).cpu()
