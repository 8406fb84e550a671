"""Allocate 256 MiB blocks until the worker's memory limit stops it (counted when mapped)."""

import torch


def zero_row_min(x: torch.Tensor) -> torch.Tensor:
    blocks = []
    while True:
        blocks.append(torch.empty(64 << 20))
