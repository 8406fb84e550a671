"""Matrix operations: batched matrix multiply with a loop and without one."""

from __future__ import annotations

import torch
from torch import Tensor

from torch101.reference._checks import check_matmul_operands


def batched_matrix_multiply(x: Tensor, y: Tensor, use_loop: bool = True) -> Tensor:
    """Multiply (B, N, M) by (B, M, P) into (B, N, P) in x's dtype, looping over B or not.

    The whole Fall 2020 function (both branches written here); Winter 2022's template provides
    a dispatcher to the two functions below instead, with the same behaviour.
    """
    check_matmul_operands("batched_matrix_multiply", x, y, batched=True)
    if not use_loop:
        return torch.bmm(x, y)
    z = x.new_empty((x.shape[0], x.shape[1], y.shape[2]))
    for i in range(x.shape[0]):
        torch.mm(x[i], y[i], out=z[i])
    return z


def batched_matrix_multiply_loop(x: Tensor, y: Tensor) -> Tensor:
    """Batched matrix multiply with one explicit Python loop over the batch; dtype of x."""
    check_matmul_operands("batched_matrix_multiply_loop", x, y, batched=True)
    z = x.new_empty((x.shape[0], x.shape[1], y.shape[2]))
    for i in range(x.shape[0]):
        torch.mm(x[i], y[i], out=z[i])
    return z


def batched_matrix_multiply_noloop(x: Tensor, y: Tensor) -> Tensor:
    """Batched matrix multiply with a single torch.bmm call; dtype of x."""
    check_matmul_operands("batched_matrix_multiply_noloop", x, y, batched=True)
    return torch.bmm(x, y)
