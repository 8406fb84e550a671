"""sys.exit instead of returning: a crash of that call, not of the grader."""

import sys

import torch


def create_tensor_of_pi(M: int, N: int) -> torch.Tensor:
    sys.exit(0)
