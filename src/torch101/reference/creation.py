"""Tensor basics: creating tensors, mutating them in place, counting elements."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from torch101.reference._checks import check_index_pairs, check_int, check_tensor


def hello() -> None:
    """Print a greeting, to check that the module is importable."""
    print("Hello from pytorch101.py!")


def create_sample_tensor() -> Tensor:
    """Return a (3, 2) float32 tensor of zeros, except [0, 1] = 10 and [1, 0] = 100."""
    x = torch.zeros(3, 2, dtype=torch.float32)
    x[0, 1] = 10
    x[1, 0] = 100
    return x


def mutate_tensor(x: Tensor, indices: list[tuple[int, int]], values: list[float]) -> Tensor:
    """Set x[i_k, j_k] = values[k] for each k, in place, and return x itself.

    When a pair repeats the last value wins (the writes happen in order). Negative indices
    count from the end, as in Python; out-of-range pairs raise ValueError before any write.
    """
    check_tensor("mutate_tensor", "x", x, ndim=2)
    check_index_pairs("mutate_tensor", x, indices, values)
    for (i, j), value in zip(indices, values):
        x[i, j] = value
    return x


def count_tensor_elements(x: Tensor) -> int:
    """Number of scalar elements of x as a Python int (1 for a 0-d tensor), without numel."""
    check_tensor("count_tensor_elements", "x", x)
    return math.prod(x.shape)


def create_tensor_of_pi(M: int, N: int) -> Tensor:
    """Return an (M, N) float32 tensor filled with 3.14; M and N must be positive."""
    check_int("create_tensor_of_pi", "M", M, minimum=1)
    check_int("create_tensor_of_pi", "N", N, minimum=1)
    return torch.full((M, N), 3.14, dtype=torch.float32)


def multiples_of_ten(start: int, stop: int) -> Tensor:
    """All multiples of 10 in [start, stop] (both inclusive), in order, as float64.

    Returns an empty tensor of shape (0,) when there are none.
    """
    check_int("multiples_of_ten", "start", start)
    check_int("multiples_of_ten", "stop", stop)
    if start > stop:
        raise ValueError(f"multiples_of_ten: need start <= stop, got start={start}, stop={stop}")
    if not -(2**53) <= start <= stop <= 2**53:  # float64 holds every integer up to 2**53
        raise ValueError(
            f"multiples_of_ten: start and stop must lie in [-2**53, 2**53], where float64 "
            f"holds every multiple of 10 exactly, got start={start}, stop={stop}"
        )
    first = -(-start // 10) * 10  # ceil to a multiple of 10 in exact integer arithmetic
    return torch.arange(first, max(first, stop + 1), 10, dtype=torch.float64)
