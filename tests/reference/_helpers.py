"""Shared test helpers: hypothesis strategies for tensors in any memory layout, snapshots.

Strategies draw a NumPy array (the oracle's input) and the same values as a torch tensor
that may be contiguous, transposed, strided or offset into its storage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Small examples, no deadline (torch's first call of an op is slow), few enough to stay fast.
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LAYOUTS = ("contiguous", "transposed", "strided", "offset")

_NP = {
    torch.int64: np.int64,
    torch.int32: np.int32,
    torch.uint8: np.uint8,
    torch.float32: np.float32,
    torch.float64: np.float64,
}

_ELEMENTS = {
    torch.int64: st.integers(-1000, 1000),
    torch.int32: st.integers(-1000, 1000),
    torch.uint8: st.integers(0, 255),
    torch.float32: st.floats(-1e3, 1e3, width=32, allow_subnormal=False),
    torch.float64: st.floats(-1e3, 1e3, allow_subnormal=False),
}

INT_DTYPES = (torch.int64, torch.int32, torch.uint8)
FLOAT_DTYPES = (torch.float32, torch.float64)
REAL_DTYPES = INT_DTYPES + FLOAT_DTYPES


def to_layout(a: np.ndarray, layout: str) -> torch.Tensor:
    """A tensor holding a's values in the given memory layout (never sharing memory with a)."""
    if layout == "contiguous" or a.ndim == 0:
        return torch.from_numpy(np.array(a, copy=True))
    if layout == "transposed":
        # Store the reversed-axes array contiguously, then permute back: strides are reversed.
        stored = torch.from_numpy(np.ascontiguousarray(a.transpose()))
        return stored.permute(*reversed(range(a.ndim)))
    if layout == "strided":
        big = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), dtype=a.dtype)
        big[..., ::2] = a
        return torch.from_numpy(big)[..., ::2]
    if layout == "offset":
        big = np.zeros((a.shape[0] + 1,) + a.shape[1:], dtype=a.dtype)
        big[1:] = a
        return torch.from_numpy(big)[1:]
    raise ValueError(f"unknown layout {layout!r}")


@dataclass
class Drawn:
    """One drawn input: the NumPy oracle array and the tensor under test."""

    array: np.ndarray
    tensor: torch.Tensor
    layout: str


@st.composite
def tensors(draw, shape, dtypes=REAL_DTYPES, layouts=LAYOUTS, elements=None) -> Drawn:
    """Draw a tensor of the given shape (a tuple of ints or a strategy of tuples)."""
    if not isinstance(shape, tuple):
        shape = draw(shape)
    dtype = draw(st.sampled_from(dtypes))
    values = elements if elements is not None else _ELEMENTS[dtype]
    array = draw(hnp.arrays(_NP[dtype], shape, elements=values))
    layout = draw(st.sampled_from(layouts))
    tensor = to_layout(array, layout)
    assert tensor.dtype == dtype and tuple(tensor.shape) == shape
    return Drawn(array, tensor, layout)


def matrix_shapes(min_rows: int = 0, min_cols: int = 0, max_extra: int = 6):
    return st.tuples(
        st.integers(min_rows, min_rows + max_extra), st.integers(min_cols, min_cols + max_extra)
    )


class Snapshot:
    """Remember a tensor's values and version counter to prove a function did not touch it."""

    def __init__(self, x: torch.Tensor) -> None:
        self.tensor = x
        self.values = x.detach().clone()
        self.version = x._version
        self.shape, self.stride, self.dtype = x.shape, x.stride(), x.dtype

    def unchanged(self) -> bool:
        x = self.tensor
        return (
            x._version == self.version
            and x.shape == self.shape
            and x.stride() == self.stride
            and x.dtype == self.dtype
            and torch.equal(x, self.values)
        )


def shares_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
