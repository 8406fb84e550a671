"""Print megabytes (Python prints and raw writes to fd 1 and 2), then return the right answer.

Printing is not a verdict: the output is capped and the function still passes.
"""

import os

import torch


def batched_matrix_multiply_noloop(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    print("x" * (4 << 20))
    os.write(1, b"y" * (2 << 20))
    os.write(2, b"z" * (1 << 20))
    return torch.bmm(x, y)
