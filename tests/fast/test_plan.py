"""The chunk plan of mm_offload: pure arithmetic, checked against its definition."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from torch101.fast.plan import (
    MAX_PIECES,
    TARGET_PIECE_BYTES,
    Tile,
    Upload,
    plan_offload,
    should_offload,
    split,
)


@given(total=st.integers(1, 500), parts=st.integers(1, 600))
def test_split_covers_the_range_once_with_a_ragged_last_run(total: int, parts: int) -> None:
    runs = split(total, parts)
    assert [i for a, b in runs for i in range(a, b)] == list(range(total))
    size = math.ceil(total / min(parts, total))
    assert len(runs) <= parts
    assert all(b - a == size for a, b in runs[:-1])
    assert 1 <= runs[-1][1] - runs[-1][0] <= size


def test_split_examples() -> None:
    assert split(10, 4) == ((0, 3), (3, 6), (6, 9), (9, 10))  # ragged last chunk
    assert split(10, 6) == ((0, 2), (2, 4), (4, 6), (6, 8), (8, 10))  # merged to 5
    assert split(3, 100) == ((0, 1), (1, 2), (2, 3))  # more parts than rows
    assert split(7, 1) == ((0, 7),)
    with pytest.raises(ValueError, match="split"):
        split(0, 3)


chunk_choices = st.one_of(
    st.none(),
    st.integers(1, 40),
    st.tuples(st.integers(1, 40), st.integers(1, 40)),
)


@settings(max_examples=200)
@given(
    m=st.integers(1, 60),
    k=st.integers(1, 9),
    n=st.integers(1, 60),
    chunks=chunk_choices,
    w_whole=st.booleans(),
)
def test_every_tile_once_after_both_of_its_uploads(
    m: int, k: int, n: int, chunks: object, w_whole: bool
) -> None:
    plan = plan_offload(m, k, n, itemsize=4, chunks=chunks, w_whole=w_whole)  # type: ignore[arg-type]
    a, b = len(plan.rows), len(plan.cols)
    assert [r for lo, hi in plan.rows for r in range(lo, hi)] == list(range(m))
    assert [c for lo, hi in plan.cols for c in range(lo, hi)] == list(range(n))
    uploads = [(u.operand, u.index) for u in plan.uploads]
    assert sorted(uploads) == sorted([("x", i) for i in range(a)] + [("w", j) for j in range(b)])
    assert sorted((t.row, t.col) for t in plan.tiles) == [
        (i, j) for i in range(a) for j in range(b)
    ]
    seen: set[tuple[str, int]] = set()
    for step in plan.steps:
        if isinstance(step, Upload):
            bounds = plan.rows if step.operand == "x" else plan.cols
            assert (step.start, step.stop) == bounds[step.index]
            seen.add((step.operand, step.index))
        else:
            assert ("x", step.row) in seen and ("w", step.col) in seen
    # The first tile needs only the first piece of each operand.
    assert plan.steps[:3] == (
        Upload("x", 0, *plan.rows[0]),
        Upload("w", 0, *plan.cols[0]),
        Tile(0, 0),
    )


@given(m=st.integers(1, 50), n=st.integers(1, 50), a=st.integers(1, 50), b=st.integers(1, 50))
def test_uploads_alternate_by_fraction_sent(m: int, n: int, a: int, b: int) -> None:
    plan = plan_offload(m, 3, n, itemsize=4, chunks=(a, b))
    a, b = len(plan.rows), len(plan.cols)
    got = {"x": 0, "w": 0}
    for u in plan.uploads:
        got[u.operand] += 1
        # Neither operand runs ahead of the other by more than one piece of its own.
        assert abs(got["x"] / a - got["w"] / b) <= max(1 / a, 1 / b) + 1e-12


def test_int_chunks_is_the_row_pipeline() -> None:
    plan = plan_offload(10_000, 10_000, 10_000, itemsize=4, chunks=8)
    assert len(plan.rows) == 8 and plan.cols == ((0, 10_000),)
    assert [type(s).__name__ for s in plan.steps[:4]] == ["Upload", "Upload", "Tile", "Upload"]


@pytest.mark.parametrize(
    ("m", "k", "n", "itemsize"),
    [
        (10_000, 10_000, 10_000, 4),
        (512, 4096, 4096, 4),
        (1, 1, 1, 4),
        (10_000_000, 64, 64, 4),  # very tall x
        (8, 100_000, 50_000, 2),  # very wide w
        (3, 5_000_000, 3, 8),  # huge k: one row is bigger than a piece
    ],
)
def test_default_pieces_stay_near_the_target_size(m: int, k: int, n: int, itemsize: int) -> None:
    plan = plan_offload(m, k, n, itemsize=itemsize)
    for count, limit, total in ((len(plan.rows), m, m * k), (len(plan.cols), n, k * n)):
        assert 1 <= count <= min(limit, MAX_PIECES)
        per_piece = math.ceil(total / count) * itemsize
        # Small enough, unless capped by MAX_PIECES or by having no more rows/columns to cut.
        assert per_piece <= TARGET_PIECE_BYTES + k * itemsize or count in (MAX_PIECES, limit)


def test_default_plan_for_the_issue_shape() -> None:
    plan = plan_offload(10_000, 10_000, 10_000, itemsize=4)
    assert (len(plan.rows), len(plan.cols)) == (4, 4)
    assert plan.describe(4)["largest_piece_MB"] == pytest.approx(2500 * 10_000 * 4 / 1e6)
    whole = plan_offload(10_000, 10_000, 10_000, itemsize=4, w_whole=True)
    assert len(whole.cols) == 1


@pytest.mark.parametrize(
    ("m", "k", "n", "itemsize", "expected"),
    [
        (10_000, 10_000, 10_000, 4, True),
        (512, 4096, 4096, 4, True),  # the notebook's cell
        (1024, 1024, 1024, 4, True),
        (512, 512, 512, 4, False),  # the CPU won here in the anchor sweep
        (64, 64, 64, 4, False),
        (10_000_000, 8, 8, 4, False),  # tall-skinny: 2 flops per byte moved, copy-bound
        (1000, 0, 1000, 4, False),
        (0, 1000, 1000, 4, False),
    ],
)
def test_should_offload_examples(m: int, k: int, n: int, itemsize: int, expected: bool) -> None:
    assert should_offload(m, k, n, itemsize) is expected


def test_plan_rejects_empty_dimensions() -> None:
    with pytest.raises(ValueError, match="plan_offload"):
        plan_offload(0, 3, 3, itemsize=4)


@pytest.mark.parametrize("w_whole", [False, True])
@pytest.mark.parametrize(
    ("m", "k", "n"),
    [
        (100_000, 256, 100_000),  # two 100 MB operands, a 40 GB product
        (200_000, 64, 50_000),
        (2_000, 100, 300_000),  # wide w: only its columns can be cut
        (10_000, 10_000, 10_000),
    ],
)
def test_default_tiles_stay_near_the_target_size(m: int, k: int, n: int, w_whole: bool) -> None:
    # Regression: pieces were sized by the operands only, so (1e5 x 256) @ (256 x 1e5) was one
    # 40 GB tile, held three times on the GPU and three times in pinned memory.
    plan = plan_offload(m, k, n, itemsize=4, w_whole=w_whole)
    a, b = len(plan.rows), len(plan.cols)
    largest = max(map(plan.tile_elements, plan.tiles)) * 4
    assert largest <= TARGET_PIECE_BYTES or (a == min(m, MAX_PIECES) and b == min(n, MAX_PIECES))


def test_pinned_w_stays_whole_while_the_tiles_allow_it() -> None:
    assert len(plan_offload(10_000, 10_000, 10_000, itemsize=4, w_whole=True).cols) == 1
    assert len(plan_offload(100_000, 256, 100_000, itemsize=4, w_whole=True).cols) > 1
