"""Edge cases: empty tensors, zero-size dimensions, 0-d tensors, minimum sizes, dtypes.

Each test pins the behaviour documented in docs/reference.md: a correct result or a clear
error, never a wrong answer, never a mutated input.
"""

from __future__ import annotations

import math

import pytest
import torch

from torch101 import reference as R

from ._helpers import Snapshot


@pytest.fixture
def default_float64():
    """Switch torch's default dtype to float64 for one test."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


# ---------------------------------------------------------------- tensor basics


def test_create_sample_tensor_is_new_each_call() -> None:
    a, b = R.create_sample_tensor(), R.create_sample_tensor()
    assert a is not b and a.dtype.is_floating_point
    a[0, 0] = 7
    assert b[0, 0].item() == 0


def test_mutate_tensor_empty_lists_is_a_no_op() -> None:
    x = torch.arange(6).view(2, 3)
    snap = Snapshot(x)
    assert R.mutate_tensor(x, [], []) is x
    assert snap.unchanged()


def test_mutate_tensor_writes_through_a_view() -> None:
    base = torch.zeros(3, 4)
    x = base.t()  # (4, 3) non-contiguous view
    R.mutate_tensor(x, [(3, 1)], [9.0])
    assert base[1, 3].item() == 9.0


def test_mutate_tensor_out_of_range_pair_writes_nothing() -> None:
    x = torch.zeros(2, 2)
    snap = Snapshot(x)
    with pytest.raises(ValueError, match="mutate_tensor"):
        R.mutate_tensor(x, [(0, 0), (2, 0)], [1.0, 2.0])
    assert snap.unchanged()


@pytest.mark.parametrize(
    ("dtype", "bad"),
    [(torch.uint8, 300), (torch.int64, float("nan")), (torch.int32, 2**40), (torch.float32, 1e300)],
    ids=["uint8-300", "int64-nan", "int32-2**40", "float32-1e300"],
)
def test_mutate_tensor_unrepresentable_value_is_a_clear_error_before_any_write(dtype, bad) -> None:
    """A value the dtype cannot hold must raise ValueError naming 'values' and write nothing.

    Today torch raises RuntimeError at the second write, after the first one has happened.
    """
    x = torch.zeros(2, 2, dtype=dtype)
    snap = Snapshot(x)
    with pytest.raises(ValueError, match=r"mutate_tensor.*values"):
        R.mutate_tensor(x, [(0, 0), (1, 1)], [7, bad])
    assert snap.unchanged()


@pytest.mark.parametrize("shape", [(), (0,), (3, 0), (0, 4, 5), (2, 3, 4, 5), (1,) * 8], ids=str)
def test_count_tensor_elements_shapes(shape) -> None:
    x = torch.empty(shape)
    got = R.count_tensor_elements(x)
    assert type(got) is int and got == math.prod(shape)


def test_create_tensor_of_pi_minimum() -> None:
    assert R.create_tensor_of_pi(1, 1).tolist() == [[pytest.approx(3.14)]]


@pytest.mark.parametrize(
    ("start", "stop", "expected"),
    [
        (5, 7, []),
        (20, 20, [20.0]),
        (21, 29, []),
        (0, 0, [0.0]),
        (-25, -5, [-20.0, -10.0]),
        (-10, 10, [-10.0, 0.0, 10.0]),
        (-9, 9, [0.0]),
    ],
)
def test_multiples_of_ten_edges(start, stop, expected) -> None:
    x = R.multiples_of_ten(start, stop)
    assert x.dtype == torch.float64 and x.shape == (len(expected),) and x.tolist() == expected


@pytest.mark.parametrize("start", [2**60, 10**17, -(10**17) - 100, 10**20])
def test_multiples_of_ten_huge_bounds_are_right_or_refused(start) -> None:
    """Beyond 2**53 float64 cannot count in steps of 10: the count must still be right
    (11 multiples in [start, start + 100] when start is one) or a ValueError, never a short list."""
    start = start - start % 10
    try:
        x = R.multiples_of_ten(start, start + 100)
    except ValueError as err:
        assert "multiples_of_ten" in str(err)
    else:
        assert x.dtype == torch.float64 and x.shape == (11,)


# ---------------------------------------------------------------- indexing


def test_slice_indexing_practice_minimum_shape() -> None:
    x = torch.arange(15).view(3, 5)
    last, third, first, evens = R.slice_indexing_practice(x)
    assert last.tolist() == [10, 11, 12, 13, 14]
    assert third.tolist() == [[2], [7], [12]]
    assert first.tolist() == [[0, 1, 2], [5, 6, 7]]
    assert evens.tolist() == [[1, 3], [11, 13]]


def test_slice_indexing_practice_views_follow_writes() -> None:
    x = torch.zeros(4, 6)
    last, _, _, evens = R.slice_indexing_practice(x)
    x[3, 0] = 1.0
    x[2, 5] = 2.0
    assert last[0].item() == 1.0 and evens[1, 2].item() == 2.0


@pytest.mark.parametrize("dtype", [torch.float32, torch.uint8, torch.int32])
def test_slice_assignment_practice_dtypes_and_minimum(dtype) -> None:
    x = torch.full((4, 6), 9, dtype=dtype)
    R.slice_assignment_practice(x)
    assert x.tolist() == [[0, 1, 2, 2, 2, 2]] * 2 + [[3, 4, 3, 4, 5, 5]] * 2


def test_shuffle_cols_zero_rows() -> None:
    y = R.shuffle_cols(torch.zeros(0, 3))
    assert y.shape == (0, 4)


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0), (1, 1)])
def test_reverse_rows_degenerate(shape) -> None:
    x = torch.arange(math.prod(shape)).view(shape)
    y = R.reverse_rows(x)
    assert y.shape == shape and y.tolist() == x.tolist()[::-1]


def test_reverse_rows_returns_a_copy() -> None:
    x = torch.arange(6).view(3, 2)
    y = R.reverse_rows(x)
    y[0, 0] = 100
    assert x.tolist() == [[0, 1], [2, 3], [4, 5]]


def test_make_one_hot_single_zero_label() -> None:
    y = R.make_one_hot([0])
    assert y.dtype == torch.float32 and y.tolist() == [[1.0]]


def test_make_one_hot_is_float32_whatever_the_default_dtype(default_float64) -> None:
    """The spec fixes float32; torch.zeros without a dtype follows the default dtype."""
    assert R.make_one_hot([1, 0]).dtype == torch.float32


# ---------------------------------------------------------------- reductions


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (torch.tensor(5), 5),
        (torch.tensor(-5), 0),
        (torch.zeros(0, dtype=torch.int64), 0),
        (torch.zeros(3, 0, 2, dtype=torch.int64), 0),
        (torch.full((1000,), 200, dtype=torch.uint8), 200_000),  # no uint8 wrap-around
        (torch.tensor([2**40, 2**40, -(2**50)]), 2**41),
    ],
    ids=["0-d", "0-d-neg", "empty", "zero-size", "uint8-sum", "large"],
)
def test_sum_positive_entries_edges(x, expected) -> None:
    got = R.sum_positive_entries(x)
    assert type(got) is int and got == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (torch.tensor(-1.0), 1),
        (torch.tensor(3), 0),
        (torch.zeros(0), 0),
        (torch.zeros(2, 0), 0),
        (torch.tensor([-0.0, 0.0, float("nan"), -float("inf"), float("inf")]), 1),
        (torch.tensor([255, 0], dtype=torch.uint8), 0),
    ],
    ids=["0-d-neg", "0-d-int", "empty", "zero-size", "specials", "uint8"],
)
def test_count_negative_entries_edges(x, expected) -> None:
    got = R.count_negative_entries(x)
    assert type(got) is int and got == expected


def test_reshape_practice_is_reshaping_only_on_any_dtype() -> None:
    x = torch.arange(24, dtype=torch.float64) / 2
    y = R.reshape_practice(x)
    assert y.dtype == torch.float64
    assert sorted(y.flatten().tolist()) == sorted(x.tolist())


def test_zero_row_min_zero_rows() -> None:
    y = R.zero_row_min(torch.zeros(0, 3))
    assert y.shape == (0, 3)


def test_zero_row_min_first_tie_only() -> None:
    x = torch.tensor([[1, 0, 0], [5, 5, 5]])
    assert R.zero_row_min(x).tolist() == [[1, 0, 0], [0, 5, 5]]


def test_zero_row_min_single_column_and_unsigned() -> None:
    assert R.zero_row_min(torch.tensor([[3], [4]])).tolist() == [[0], [0]]
    x = torch.tensor([[7, 3, 9]], dtype=torch.uint8)
    assert R.zero_row_min(x).tolist() == [[7, 0, 9]]


# ---------------------------------------------------------------- matrix ops


@pytest.mark.parametrize(
    "fn",
    [
        R.batched_matrix_multiply,
        R.batched_matrix_multiply_loop,
        R.batched_matrix_multiply_noloop,
        lambda x, y: R.batched_matrix_multiply(x, y, use_loop=False),
    ],
    ids=["dispatch-loop", "loop", "noloop", "dispatch-noloop"],
)
@pytest.mark.parametrize(
    ("xs", "ys", "zs"),
    [
        ((0, 2, 3), (0, 3, 4), (0, 2, 4)),
        ((2, 2, 0), (2, 0, 4), (2, 2, 4)),
        ((1, 0, 3), (1, 3, 0), (1, 0, 0)),
    ],
    ids=["B=0", "M=0", "N=P=0"],
)
def test_batched_matrix_multiply_zero_sizes(fn, xs, ys, zs) -> None:
    z = fn(torch.ones(xs, dtype=torch.float64), torch.ones(ys, dtype=torch.float64))
    assert z.shape == zs and z.dtype == torch.float64
    assert bool((z == 0).all())  # empty sums are zero


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.int32, torch.uint8])
def test_batched_matrix_multiply_keeps_other_dtypes(dtype) -> None:
    x = torch.ones(2, 3, 4, dtype=dtype)
    y = torch.ones(2, 4, 5, dtype=dtype)
    for z in (R.batched_matrix_multiply_loop(x, y), R.batched_matrix_multiply_noloop(x, y)):
        assert z.dtype == dtype and z.shape == (2, 3, 5) and bool((z == 4).all())


def test_normalize_columns_zero_columns() -> None:
    y = R.normalize_columns(torch.zeros(3, 0))
    assert y.shape == (3, 0)


def test_normalize_columns_two_rows() -> None:
    y = R.normalize_columns(torch.tensor([[1.0, 10.0], [3.0, 0.0]]))
    r = 1 / math.sqrt(2)
    assert y.flatten().tolist() == pytest.approx([-r, r, r, -r])


def test_normalize_columns_constant_column_gives_nan() -> None:
    """Documented: sigma = 0 divides 0 by 0; never a silent finite value."""
    y = R.normalize_columns(torch.tensor([[2.0, 1.0], [2.0, 3.0]]))
    assert torch.isnan(y[:, 0]).all() and not torch.isnan(y[:, 1]).any()


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_normalize_columns_half_precision_keeps_dtype(dtype) -> None:
    y = R.normalize_columns(torch.tensor([[1.0, 2.0], [3.0, 6.0]], dtype=dtype))
    assert y.dtype == dtype
    r = 1 / math.sqrt(2)
    assert y.flatten().tolist() == pytest.approx([-r, -r, r, r], rel=1e-2)


# ---------------------------------------------------------------- challenges


def test_challenge_mean_tensors_minimum() -> None:
    y = R.challenge_mean_tensors([torch.tensor([4.0])], torch.tensor([1]))
    assert y.tolist() == [4.0]


def test_challenge_mean_tensors_integer_input_gives_default_float() -> None:
    xs = [torch.tensor([1, 2]), torch.tensor([255], dtype=torch.int64)]
    y = R.challenge_mean_tensors(xs, torch.tensor([2, 1]))
    assert y.dtype == torch.float32 and y.tolist() == [1.5, 255.0]


def test_challenge_mean_tensors_integer_input_follows_default_dtype(default_float64) -> None:
    y = R.challenge_mean_tensors([torch.tensor([1, 2])], torch.tensor([2]))
    assert y.dtype == torch.float64


def test_challenge_mean_tensors_uint8_does_not_wrap() -> None:
    xs = [torch.tensor([255, 255, 255], dtype=torch.uint8)]
    assert R.challenge_mean_tensors(xs, torch.tensor([3])).tolist() == [255.0]


def test_challenge_mean_tensors_mixed_dtypes_promote() -> None:
    xs = [torch.tensor([1, 2]), torch.tensor([0.5], dtype=torch.float64)]
    y = R.challenge_mean_tensors(xs, torch.tensor([2, 1]))
    assert y.dtype == torch.float64 and y.tolist() == [1.5, 0.5]


def test_challenge_mean_tensors_very_ragged() -> None:
    lengths = [1, 10_000, 1, 3]
    xs = [torch.arange(k, dtype=torch.float64) for k in lengths]
    y = R.challenge_mean_tensors(xs, torch.tensor(lengths))
    assert y.tolist() == [(k - 1) / 2 for k in lengths]


@pytest.mark.parametrize(
    ("values", "uniques", "indices"),
    [
        ([], [], []),
        ([7], [7], [0]),
        ([3, 3, 3], [3], [0]),
        ([2**63 - 1, -(2**63), 0, -(2**63)], [-(2**63), 0, 2**63 - 1], [1, 2, 0]),
        ([5, 4, 3, 2, 1], [1, 2, 3, 4, 5], [4, 3, 2, 1, 0]),
    ],
    ids=["empty", "one", "all-equal", "int64-extremes", "descending"],
)
def test_challenge_get_uniques_edges(values, uniques, indices) -> None:
    u, i = R.challenge_get_uniques(torch.tensor(values, dtype=torch.int64))
    assert u.tolist() == uniques and i.tolist() == indices


def test_challenge_get_uniques_first_occurrence_among_many_duplicates() -> None:
    gen = torch.Generator().manual_seed(0)
    x = torch.randint(0, 50, (20_000,), generator=gen)
    u, i = R.challenge_get_uniques(x)
    values = x.tolist()
    assert i.tolist() == [values.index(v) for v in u.tolist()]
