"""Boolean masks and reductions: counting and summing entries, zeroing each row's minimum."""

from __future__ import annotations

from torch import Tensor

from torch101.reference._checks import check_tensor


def sum_positive_entries(x: Tensor) -> int:
    """Sum of the strictly positive entries of an integer tensor of any shape, as a Python int.

    One comparison and one indexing operation on the input.
    """
    check_tensor("sum_positive_entries", "x", x, dtypes="integer")
    return int(x[x > 0].sum().item())


def count_negative_entries(x: Tensor) -> int:
    """Number of negative entries of a real tensor of any shape, as a Python int (Fall 2020).

    One indexing operation on the input.
    """
    check_tensor("count_negative_entries", "x", x, dtypes="real")
    return x[x < 0].shape[0]


def zero_row_min(x: Tensor) -> Tensor:
    """Return a copy of the 2-D x (N >= 1) with each row's minimum set to 0.

    On ties the first minimum of the row (torch.argmin's choice) is zeroed.
    """
    check_tensor("zero_row_min", "x", x, ndim=2, min_shape=(0, 1), dtypes="real")
    y = x.clone()
    y.scatter_(1, y.argmin(dim=1, keepdim=True), 0)
    return y
