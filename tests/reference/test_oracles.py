"""Every function against an independent oracle (pure Python or NumPy in float64).

Random shapes (square and not) and values from hypothesis; inputs contiguous, transposed,
strided or offset views. Read-only functions must leave their input untouched (values and
the version counter); in-place ones must return the very same object.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

from torch101 import reference as R

from ._helpers import (
    FAST,
    FLOAT_DTYPES,
    INT_DTYPES,
    REAL_DTYPES,
    Snapshot,
    matrix_shapes,
    shares_storage,
    tensors,
)

# ---------------------------------------------------------------- tensor basics


@FAST
@given(
    d=tensors(matrix_shapes(1, 1)),
    data=st.data(),
)
def test_mutate_tensor_sequential_writes(d, data) -> None:
    h, w = d.array.shape
    pairs = st.tuples(st.integers(-h, h - 1), st.integers(-w, w - 1))
    indices = data.draw(st.lists(pairs, max_size=12))
    hi = 255 if d.tensor.dtype == torch.uint8 else 100
    values = data.draw(st.lists(st.integers(0, hi), min_size=len(indices), max_size=len(indices)))
    expected = d.array.copy()
    for (i, j), v in zip(indices, values):  # Python semantics: in order, last write wins
        expected[i, j] = v
    x = d.tensor
    assert R.mutate_tensor(x, indices, values) is x
    np.testing.assert_array_equal(x.numpy(), expected)


def test_mutate_tensor_last_value_wins() -> None:
    x = torch.zeros(2, 3)
    R.mutate_tensor(x, [(1, 2), (0, 0), (1, 2), (-1, -1)], [1.0, 2.0, 3.0, 4.0])
    assert x.tolist() == [[2.0, 0.0, 0.0], [0.0, 0.0, 4.0]]


@FAST
@given(shape=st.lists(st.integers(0, 5), max_size=5).map(tuple), layout_transposed=st.booleans())
def test_count_tensor_elements(shape, layout_transposed) -> None:
    x = torch.zeros(shape)
    if layout_transposed and x.dim() >= 2:
        x = x.transpose(0, -1)
    snap = Snapshot(x)
    expected = 1
    for size in x.shape:
        expected *= size
    got = R.count_tensor_elements(x)
    assert type(got) is int and got == expected
    assert snap.unchanged()


@FAST
@given(M=st.integers(1, 20), N=st.integers(1, 20))
def test_create_tensor_of_pi(M, N) -> None:
    x = R.create_tensor_of_pi(M, N)
    assert x.shape == (M, N) and x.dtype == torch.float32
    assert np.all(x.numpy() == np.float32(3.14))


@FAST
@given(start=st.integers(-2000, 2000), width=st.integers(0, 400))
def test_multiples_of_ten(start, width) -> None:
    stop = start + width
    expected = [float(v) for v in range(start, stop + 1) if v % 10 == 0]
    x = R.multiples_of_ten(start, stop)
    assert x.dtype == torch.float64 and x.shape == (len(expected),)
    assert x.tolist() == expected


# ---------------------------------------------------------------- indexing


@FAST
@given(d=tensors(matrix_shapes(3, 5)))
def test_slice_indexing_practice(d) -> None:
    a, x = d.array, d.tensor
    snap = Snapshot(x)
    out = R.slice_indexing_practice(x)
    expected = (a[-1], a[:, 2:3], a[:2, :3], a[::2, 1::2])
    assert len(out) == 4
    for got, want in zip(out, expected):
        assert got.dim() == want.ndim and tuple(got.shape) == want.shape
        np.testing.assert_array_equal(got.numpy(), want)
        assert shares_storage(got, x)  # a view, not a copy
    assert snap.unchanged()


@FAST
@given(d=tensors(matrix_shapes(4, 6)))
def test_slice_assignment_practice(d) -> None:
    expected = d.array.copy()
    expected[:4, :6] = [[0, 1, 2, 2, 2, 2]] * 2 + [[3, 4, 3, 4, 5, 5]] * 2
    x = d.tensor
    assert R.slice_assignment_practice(x) is x
    np.testing.assert_array_equal(x.numpy(), expected)


@FAST
@given(d=tensors(matrix_shapes(0, 3)))
def test_shuffle_cols(d) -> None:
    snap = Snapshot(d.tensor)
    y = R.shuffle_cols(d.tensor)
    want = np.stack([d.array[:, 0], d.array[:, 0], d.array[:, 2], d.array[:, 1]], axis=1)
    assert y.dtype == d.tensor.dtype and tuple(y.shape) == (d.array.shape[0], 4)
    np.testing.assert_array_equal(y.numpy(), want)
    assert snap.unchanged()


@FAST
@given(d=tensors(matrix_shapes(0, 0)))
def test_reverse_rows(d) -> None:
    snap = Snapshot(d.tensor)
    y = R.reverse_rows(d.tensor)
    rows = d.array.tolist()
    assert y.dtype == d.tensor.dtype and tuple(y.shape) == d.array.shape
    assert y.tolist() == rows[::-1]
    assert snap.unchanged()


@FAST
@given(d=tensors(matrix_shapes(4, 3)))
def test_take_one_elem_per_col(d) -> None:
    a = d.array.tolist()
    snap = Snapshot(d.tensor)
    y = R.take_one_elem_per_col(d.tensor)
    assert y.shape == (3,) and y.dtype == d.tensor.dtype
    assert y.tolist() == [a[1][0], a[0][1], a[3][2]]
    assert snap.unchanged()


@FAST
@given(labels=st.lists(st.integers(0, 12), min_size=1, max_size=20))
def test_make_one_hot(labels) -> None:
    y = R.make_one_hot(labels)
    width = max(labels) + 1
    expected = [[1.0 if c == label else 0.0 for c in range(width)] for label in labels]
    assert y.dtype == torch.float32 and y.tolist() == expected


# ---------------------------------------------------------------- reductions


@FAST
@given(
    d=tensors(
        st.lists(st.integers(0, 5), max_size=4).map(tuple),
        dtypes=INT_DTYPES,
        layouts=("contiguous", "transposed", "strided"),
    )
)
def test_sum_positive_entries(d) -> None:
    snap = Snapshot(d.tensor)
    got = R.sum_positive_entries(d.tensor)
    expected = sum(int(v) for v in d.array.flat if v > 0)
    assert type(got) is int and got == expected
    assert snap.unchanged()


@FAST
@given(
    d=tensors(
        st.lists(st.integers(0, 5), max_size=4).map(tuple),
        layouts=("contiguous", "transposed", "strided"),
    )
)
def test_count_negative_entries(d) -> None:
    snap = Snapshot(d.tensor)
    got = R.count_negative_entries(d.tensor)
    expected = sum(1 for v in d.array.flat if v < 0)
    assert type(got) is int and got == expected
    assert snap.unchanged()


@FAST
@given(d=tensors((24,), layouts=("contiguous", "strided", "offset")))
def test_reshape_practice(d) -> None:
    v = d.array.tolist()
    snap = Snapshot(d.tensor)
    y = R.reshape_practice(d.tensor)
    expected = [v[4 * r : 4 * r + 4] + v[12 + 4 * r : 16 + 4 * r] for r in range(3)]
    assert y.shape == (3, 8) and y.dtype == d.tensor.dtype and y.tolist() == expected
    assert snap.unchanged()


@FAST
@given(
    d=tensors(
        matrix_shapes(0, 1),
        dtypes=(torch.int64, torch.int32, torch.float32, torch.float64),
        elements=st.integers(-5, 5),  # a small range: many ties
    ),
)
def test_zero_row_min(d) -> None:
    snap = Snapshot(d.tensor)
    y = R.zero_row_min(d.tensor)
    expected = d.array.tolist()
    for row in expected:
        row[row.index(min(row))] = 0  # the first minimum of the row
    assert y.dtype == d.tensor.dtype and y.tolist() == expected
    assert not shares_storage(y, d.tensor)
    assert snap.unchanged()


# ---------------------------------------------------------------- matrix ops


def _matmul_tolerance(dtype: torch.dtype, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Error bound for a float product: K * eps * (|a| @ |b|), elementwise."""
    eps = torch.finfo(dtype).eps
    k = a.shape[-1]
    return (k + 2) * eps * (np.abs(a) @ np.abs(b)) + 1e-30


@st.composite
def batched_pair(draw, dtypes=(torch.float32, torch.float64, torch.int64)):
    B, N, M, P = (draw(st.integers(0 if i == 0 else 1, 5)) for i in range(4))
    dtype = draw(st.sampled_from(dtypes))
    elems = st.integers(-50, 50) if not dtype.is_floating_point else None
    x = draw(tensors((B, N, M), dtypes=(dtype,), elements=elems))
    y = draw(tensors((B, M, P), dtypes=(dtype,), elements=elems))
    return x, y


BMM_VARIANTS = {
    "batched_matrix_multiply(use_loop=True)": lambda x, y: R.batched_matrix_multiply(x, y),
    "batched_matrix_multiply(use_loop=False)": lambda x, y: R.batched_matrix_multiply(
        x, y, use_loop=False
    ),
    "batched_matrix_multiply_loop": R.batched_matrix_multiply_loop,
    "batched_matrix_multiply_noloop": R.batched_matrix_multiply_noloop,
}


@FAST
@given(pair=batched_pair(), variant=st.sampled_from(sorted(BMM_VARIANTS)))
def test_batched_matrix_multiply(pair, variant) -> None:
    x, y = pair
    sx, sy = Snapshot(x.tensor), Snapshot(y.tensor)
    z = BMM_VARIANTS[variant](x.tensor, y.tensor)
    a, b = x.array.astype(np.float64), y.array.astype(np.float64)
    want = np.einsum("bnm,bmp->bnp", a, b)  # float64 oracle
    assert z.dtype == x.tensor.dtype
    assert tuple(z.shape) == want.shape
    if z.dtype.is_floating_point:
        err = np.abs(z.numpy().astype(np.float64) - want)
        assert np.all(err <= _matmul_tolerance(z.dtype, a, b))
    else:
        np.testing.assert_array_equal(z.numpy(), want.astype(np.int64))
    assert sx.unchanged() and sy.unchanged()


@FAST
@given(
    a=tensors(matrix_shapes(0, 0), dtypes=FLOAT_DTYPES),
    p=st.integers(0, 5),
)
def test_mm_on_cpu(a, p) -> None:
    gen = torch.Generator().manual_seed(p)
    w = torch.randn(a.array.shape[1], p, dtype=a.tensor.dtype, generator=gen)
    y = R.mm_on_cpu(a.tensor, w)
    wa = w.numpy().astype(np.float64)
    want = a.array.astype(np.float64) @ wa
    assert y.dtype == a.tensor.dtype and tuple(y.shape) == want.shape
    tol = _matmul_tolerance(y.dtype, a.array.astype(np.float64), wa)
    assert np.all(np.abs(y.numpy() - want) <= tol)


# ---------------------------------------------------------------- broadcasting


@FAST
@given(d=tensors(matrix_shapes(2, 0), dtypes=FLOAT_DTYPES))
def test_normalize_columns(d) -> None:
    a = d.array.astype(np.float64)
    mu = a.sum(axis=0) / a.shape[0]
    sigma = np.sqrt(((a - mu) ** 2).sum(axis=0) / (a.shape[0] - 1))
    # Keep columns whose spread is well above the dtype's rounding of their magnitude.
    scale = np.abs(a).max(axis=0, initial=0.0) + 1.0
    assume(np.all(sigma > 1e-2 * scale))
    snap = Snapshot(d.tensor)
    y = R.normalize_columns(d.tensor)
    assert y.dtype == d.tensor.dtype and tuple(y.shape) == a.shape
    assert not shares_storage(y, d.tensor)
    want = (a - mu) / sigma
    tol = 1e-4 if d.tensor.dtype == torch.float32 else 1e-10
    np.testing.assert_allclose(y.numpy().astype(np.float64), want, rtol=tol, atol=tol)
    assert snap.unchanged()


def test_normalize_columns_uses_unbiased_std() -> None:
    x = torch.tensor([[1.0], [2.0], [3.0], [6.0]], dtype=torch.float64)
    y = R.normalize_columns(x)
    # mean 3, sum of squares 14, unbiased variance 14/3 (biased would be 14/4)
    sigma = math.sqrt(14 / 3)
    assert y[:, 0].tolist() == [(v - 3) / sigma for v in (1.0, 2.0, 3.0, 6.0)]


# ---------------------------------------------------------------- challenges


@st.composite
def ragged(draw, dtypes=REAL_DTYPES):
    dtype = draw(st.sampled_from(dtypes))
    lengths = draw(st.lists(st.integers(1, 12), min_size=1, max_size=25))
    arrays = [draw(tensors((k,), dtypes=(dtype,))) for k in lengths]
    return arrays, lengths


@FAST
@given(data=ragged())
def test_challenge_mean_tensors(data) -> None:
    arrays, lengths = data
    xs = [d.tensor for d in arrays]
    ls = torch.tensor(lengths)
    snaps = [Snapshot(x) for x in xs] + [Snapshot(ls)]
    y = R.challenge_mean_tensors(xs, ls)
    dtype = xs[0].dtype
    assert y.dtype == (dtype if dtype.is_floating_point else torch.get_default_dtype())
    want = [math.fsum(float(v) for v in d.array) / len(d.array) for d in arrays]
    assert y.shape == (len(xs),)
    tol = 1e-5 if y.dtype == torch.float32 else 1e-12
    scale = [max(abs(float(v)) for v in d.array) + 1 for d in arrays]
    for got, w, s in zip(y.tolist(), want, scale):
        assert abs(got - w) <= tol * s
    assert all(s.unchanged() for s in snaps)


@FAST
@given(
    d=tensors(
        st.tuples(st.integers(0, 60)),
        dtypes=(torch.int64,),
        elements=st.one_of(st.integers(-5, 5), st.integers(-(2**63), 2**63 - 1)),
        layouts=("contiguous", "strided", "offset"),
    )
)
def test_challenge_get_uniques(d) -> None:
    snap = Snapshot(d.tensor)
    uniques, indices = R.challenge_get_uniques(d.tensor)
    first: dict[int, int] = {}
    for i, v in enumerate(d.array.tolist()):
        first.setdefault(v, i)
    assert uniques.dtype == torch.int64 and indices.dtype == torch.int64
    assert uniques.shape == indices.shape == (len(first),)
    # The spec leaves the order open: compare as pairs, then the documented ascending order.
    assert dict(zip(uniques.tolist(), indices.tolist())) == first
    assert uniques.tolist() == sorted(first)
    assert snap.unchanged()
