"""Tensor indexing: slices (views), slice assignment, integer-array and boolean indexing."""

from __future__ import annotations

import torch
from torch import Tensor

from torch101.reference._checks import check_list, check_tensor


def slice_indexing_practice(x: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Return views of x (M >= 3, N >= 5), each from one slice-indexing operation.

    (last row (N,), third column (M, 1), first two rows x first three columns (2, 3),
    even rows x odd columns). All four share storage with x.
    """
    check_tensor("slice_indexing_practice", "x", x, ndim=2, min_shape=(3, 5))
    last_row = x[-1, :]
    third_col = x[:, 2:3]
    first_two_rows_three_cols = x[:2, :3]
    even_rows_odd_cols = x[::2, 1::2]
    return last_row, third_col, first_two_rows_three_cols, even_rows_odd_cols


def slice_assignment_practice(x: Tensor) -> Tensor:
    """Write the 4 x 6 pattern [[0 1 2 2 2 2]] * 2 + [[3 4 3 4 5 5]] * 2 into x's top-left corner.

    In place, with six slice assignments of integers; the rest of x (M >= 4, N >= 6) is untouched.
    """
    check_tensor("slice_assignment_practice", "x", x, ndim=2, min_shape=(4, 6), dtypes="real")
    x[:2, 0] = 0
    x[:2, 1] = 1
    x[:2, 2:6] = 2
    x[2:4, 0:4:2] = 3
    x[2:4, 1:4:2] = 4
    x[2:4, 4:6] = 5
    return x


def shuffle_cols(x: Tensor) -> Tensor:
    """Return the (M, 4) tensor with columns [x0, x0, x2, x1] (one integer-array index; N >= 3)."""
    check_tensor("shuffle_cols", "x", x, ndim=2, min_shape=(0, 3))
    return x[:, [0, 0, 2, 1]]


def reverse_rows(x: Tensor) -> Tensor:
    """Return a copy of the 2-D x with its rows in reverse order (one integer-array index)."""
    check_tensor("reverse_rows", "x", x, ndim=2)
    return x[torch.arange(x.shape[0] - 1, -1, -1, device=x.device)]


def take_one_elem_per_col(x: Tensor) -> Tensor:
    """Return [x[1, 0], x[0, 1], x[3, 2]] as a (3,) tensor (one indexing op; M >= 4, N >= 3)."""
    check_tensor("take_one_elem_per_col", "x", x, ndim=2, min_shape=(4, 3))
    return x[[1, 0, 3], [0, 1, 2]]


def make_one_hot(x: list[int]) -> Tensor:
    """Return the (N, 1 + max(x)) float32 one-hot matrix of a non-empty list of labels >= 0."""
    check_list("make_one_hot", "x", x, nonempty=True)
    try:
        labels = torch.tensor(x)  # one C-level pass; its dtype tells if every entry was an int
    except (TypeError, ValueError, RuntimeError) as err:  # strings, None, ragged, >= 2**63
        raise ValueError(
            f"make_one_hot: argument 'x' must be a flat list of ints in int64's range, "
            f"got {x!r:.200} ({err})"
        ) from None
    if labels.dtype != torch.int64 or labels.dim() != 1:
        raise TypeError(f"make_one_hot: argument 'x' must be a flat list of ints, got {x!r:.200}")
    if labels.min() < 0:
        raise ValueError(
            f"make_one_hot: argument 'x' must hold labels >= 0, got {int(labels.min())}"
        )
    y = torch.zeros(len(x), int(labels.max()) + 1, dtype=torch.float32)
    y[torch.arange(len(x)), labels] = 1
    return y
