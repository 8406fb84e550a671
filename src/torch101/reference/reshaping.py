"""Reshaping operations: view, transpose, reshape."""

from __future__ import annotations

from torch import Tensor

from torch101.reference._checks import check_tensor


def reshape_practice(x: Tensor) -> Tensor:
    """Turn the (24,) x into (3, 8): row r is x[4r:4r+4] followed by x[12+4r:16+4r].

    Only reshaping operations: (24,) -> (2, 3, 4) -> swap the first two axes -> (3, 8).
    """
    check_tensor("reshape_practice", "x", x, ndim=1)
    if x.shape[0] != 24:
        raise ValueError(
            f"reshape_practice: argument 'x' must have shape (24,), got {tuple(x.shape)}"
        )
    return x.reshape(2, 3, 4).transpose(0, 1).reshape(3, 8)
