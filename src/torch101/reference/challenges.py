"""The Winter 2022 challenge problems: ragged means and first-occurrence uniques, loop-free."""

from __future__ import annotations

import torch
from torch import Tensor

from torch101.reference._checks import check_segments, check_tensor


def challenge_mean_tensors(xs: list[Tensor], ls: Tensor) -> Tensor:
    """Return the (N,) means of the N 1-D tensors xs (lengths ls, int64), without a loop.

    Floating inputs keep their dtype; integer inputs give the default float dtype. Works on any
    device: one concatenation and one segment reduction, no padding to N x max(K).
    """
    values = check_segments("challenge_mean_tensors", xs, ls)
    if not values.dtype.is_floating_point:
        values = values.to(torch.get_default_dtype())
    return torch.segment_reduce(values, "mean", lengths=ls)


def challenge_get_uniques(x: Tensor) -> tuple[Tensor, Tensor]:
    """Return (uniques, indices): the distinct values of the 1-D int64 x in ascending order and
    the index of each one's first occurrence, so x[indices] == uniques. No loop, O(N) memory.

    A stable sort puts each value's first occurrence first in its run; the run starts are the
    uniques. Peak extra memory is about 3N elements (sorted values, permutation, outputs).
    """
    check_tensor("challenge_get_uniques", "x", x, ndim=1, dtypes=torch.int64)
    ordered, order = torch.sort(x, stable=True)
    starts = torch.empty_like(ordered, dtype=torch.bool)
    starts[:1] = True
    torch.ne(ordered[1:], ordered[:-1], out=starts[1:])
    positions = starts.nonzero().squeeze(1)  # the K run starts, computed once
    del starts
    uniques = ordered[positions]
    del ordered  # free the sorted copy before the second gather
    return uniques, order[positions]
