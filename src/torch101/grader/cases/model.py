"""A case (its inputs, kind and note for the student) and the seeded generator of random inputs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import torch

__all__ = ["SCALING_SIZES", "Case", "Gen"]

SCALING_SIZES = (2, 8, 32)


@dataclass
class Case:
    kind: str  # "notebook" | "edge" | "random" | "scaling" | "memory"
    args: tuple
    kwargs: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # what the case is about, shown to the student
    call: str | None = None  # the function actually called, when not the graded one
    size: int | None = None  # scaling cases: the size a loop would iterate over
    group: str = ""  # scaling cases of one group are compared with each other
    on_gpu: bool = False  # the tensor arguments are on the GPU (emulated where there is none)


class Gen:
    """Seeded randomness for one function: the same seed gives the same cases everywhere."""

    def __init__(self, seed: int, name: str) -> None:
        self.rng = random.Random(f"torch101/{seed}/{name}")
        self.torch = torch.Generator().manual_seed(self.rng.getrandbits(62))

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def grow(self, i: int, n: int, low: int, high: int) -> int:
        """A size in [low, high] whose upper bound grows with the case index (small cases first)."""
        return self.rng.randint(low, low + (high - low) * (i + 1) // max(n, 1))

    def choice(self, options):
        return self.rng.choice(options)

    def ints(self, shape, low: int = -9, high: int = 9, dtype=torch.int64) -> torch.Tensor:
        return torch.randint(low, high + 1, tuple(shape), generator=self.torch, dtype=dtype)

    def floats(self, shape, dtype=torch.float32, scale: float = 1.0) -> torch.Tensor:
        x = torch.randn(tuple(shape), generator=self.torch, dtype=torch.float64) * scale
        return x.to(dtype)

    def real(self, shape, dtypes=(torch.int64, torch.float32, torch.float64)) -> torch.Tensor:
        dtype = self.choice(dtypes)
        if dtype.is_floating_point:
            return self.floats(shape, dtype, scale=10.0)
        return self.ints(shape, -50, 50, dtype)

    def distinct_rows(self, m: int, n: int, dtype) -> torch.Tensor:
        """(m, n) values with a unique minimum in every row (ties are ambiguous, see zero_row_min)."""
        rows = [torch.randperm(4 * n + 4, generator=self.torch)[:n] - 2 * n for _ in range(m)]
        x = torch.stack(rows) if rows else torch.empty(0, n, dtype=torch.int64)
        if dtype.is_floating_point:
            x = x.to(dtype) + self.floats((m, n), dtype, scale=0.1)
        return x.to(dtype)


def _notebook_sample() -> torch.Tensor:
    x = torch.zeros(3, 2)
    x[0, 1], x[1, 0] = 10, 100
    return x


def _seeded_598() -> torch.Tensor:
    return torch.randn(100, 100, generator=torch.Generator().manual_seed(598))
