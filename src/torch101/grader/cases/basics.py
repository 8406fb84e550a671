"""Cases for the tensor basics, indexing, reductions and reshaping."""

from __future__ import annotations

import torch

from torch101.grader.cases.model import SCALING_SIZES, Case, Gen, _notebook_sample, _seeded_598

# --- Tensor basics -------------------------------------------------------------------------


def create_sample_tensor(g: Gen, n: int) -> list[Case]:
    # No inputs, so nothing to randomise: the notebook's call, twice. The worker overwrites
    # each result once sent, so a tensor shared between calls shows up the second time.
    return [
        Case("notebook", (), note="create_sample_tensor()"),
        Case("edge", (), note="a second call: torch101 overwrote the first result with NaN, as a caller's edits would; a new tensor each call is untouched"),
    ]  # fmt: skip


def mutate_tensor(g: Gen, n: int) -> list[Case]:
    cases = [
        Case(
            "notebook",
            (_notebook_sample(), [(0, 0), (1, 0), (1, 1)], [4.0, 5.0, 6.0]),
            note="the notebook's check",
        ),
        Case("edge", (torch.zeros(2, 2), [(0, 1), (0, 1)], [1.0, 2.0]), note="a repeated index: the last value wins"),
        Case("edge", (torch.ones(3, 4), [], []), note="no indices"),
    ]  # fmt: skip
    for i in range(n):
        h, w = g.grow(i, n, 1, 6), g.grow(i, n, 1, 6)
        x = g.real((h, w))
        k = g.grow(i, n, 0, 8)
        pairs = [(g.integer(0, h - 1), g.integer(0, w - 1)) for _ in range(k)]
        if x.dtype.is_floating_point:
            values = [round(g.rng.uniform(-100, 100), 2) for _ in range(k)]
        else:
            values = [g.integer(-100, 100) for _ in range(k)]
        cases.append(Case("random", (x, pairs, values)))
    return cases


def count_tensor_elements(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor([[4.0, 10.0], [5.0, 6.0], [0.0, 0.0]]),), note="the notebook's check"),
        Case("edge", (torch.tensor(7.0),), note="a 0-d tensor"),
        Case("edge", (torch.zeros(0),), note="an empty 1-D tensor"),
        Case("edge", (torch.zeros(2, 0, 3),), note="a 3-D tensor with an empty dimension"),
        Case("edge", (torch.zeros(2, 3, 4, 5),), note="a 4-D tensor"),
    ]  # fmt: skip
    for i in range(n):
        rank = g.grow(i, n, 0, 5)
        shape = [g.grow(i, n, 1, 4) for _ in range(rank)]
        cases.append(Case("random", (g.real(shape),)))
    return cases


def create_tensor_of_pi(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (4, 5), note="the notebook's check"),
        Case("edge", (1, 1), note="M = N = 1"),
        Case("edge", (1, 7), note="a single row"),
        Case("edge", (7, 1), note="a single column"),
    ]
    cases += [Case("random", (g.grow(i, n, 1, 20), g.grow(i, n, 1, 20))) for i in range(n)]
    return cases


def multiples_of_ten(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (5, 25), note="the notebook's first check"),
        Case("notebook", (5, 7), note="the notebook's second check: no multiples"),
        Case("edge", (10, 10), note="start = stop = a multiple of 10"),
        Case("edge", (0, 0), note="start = stop = 0"),
        Case("edge", (7, 7), note="start = stop, no multiple"),
        Case("edge", (10, 30), note="both ends are multiples (inclusive)"),
        Case("edge", (-25, -5), note="a negative range"),
        Case("edge", (-15, 15), note="a range across zero"),
        Case("edge", (11, 19), note="no multiples"),
    ]
    for i in range(n):
        start = g.integer(-100, 100)
        cases.append(Case("random", (start, start + g.grow(i, n, 0, 80))))
    return cases


# --- Indexing ------------------------------------------------------------------------------


def slice_indexing_practice(g: Gen, n: int) -> list[Case]:
    # The notebook's input has 8 where its comment says 9: kept as published.
    x = torch.tensor([[1, 2, 3, 4, 5], [6, 7, 8, 8, 10], [11, 12, 13, 14, 15]])
    cases = [
        Case("notebook", (x,), note="the notebook's check"),
        Case("edge", (torch.arange(20.0).view(4, 5),), note="an even number of rows"),
        Case("edge", (torch.arange(18).view(3, 6),), note="an even number of columns"),
    ]
    for i in range(n):
        shape = (g.grow(i, n, 3, 8), g.grow(i, n, 5, 9))
        cases.append(Case("random", (g.real(shape),)))
    return cases


def slice_assignment_practice(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.zeros(5, 7, dtype=torch.int64),), note="the notebook's check (one extra row and column)"),
        Case("edge", (torch.zeros(4, 6, dtype=torch.int64),), note="exactly 4 x 6"),
        Case("edge", (torch.full((6, 8), -1.0),), note="a float tensor filled with -1"),
    ]  # fmt: skip
    for i in range(n):
        shape = (g.grow(i, n, 4, 8), g.grow(i, n, 6, 9))
        cases.append(Case("random", (g.real(shape),)))
    return cases


_SMALL_4x3 = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]


def shuffle_cols(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor(_SMALL_4x3),), note="the notebook's check"),
        Case("edge", (torch.tensor([[1.5, 2.5, 3.5]]),), note="a single row"),
    ]
    for i in range(n):
        shape = (g.grow(i, n, 1, 8), g.grow(i, n, 3, 7))
        cases.append(Case("random", (g.real(shape),)))
    return cases


def reverse_rows(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor(_SMALL_4x3),), note="the notebook's check"),
        Case("edge", (torch.tensor([[1.0, 2.0, 3.0]]),), note="a single row"),
        Case("edge", (torch.arange(5).view(5, 1),), note="a single column"),
    ]
    for i in range(n):
        shape = (g.grow(i, n, 1, 8), g.grow(i, n, 1, 6))
        cases.append(Case("random", (g.real(shape),)))
    return cases


def take_one_elem_per_col(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor(_SMALL_4x3),), note="the notebook's check"),
        Case("edge", (torch.arange(12.0).view(4, 3) - 6,), note="exactly 4 x 3, floats"),
    ]
    for i in range(n):
        shape = (g.grow(i, n, 4, 8), g.grow(i, n, 3, 7))
        cases.append(Case("random", (g.real(shape),)))
    return cases


def make_one_hot(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", ([1, 4, 3, 2],), note="the notebook's first check"),
        Case("notebook", ([1, 3, 5, 7, 6, 2],), note="the notebook's second check"),
        Case("edge", ([0],), note="a single label 0"),
        Case("edge", ([0, 0, 0],), note="repeated labels"),
        Case("edge", ([5],), note="a single label 5"),
    ]
    for i in range(n):
        length = g.grow(i, n, 1, 12)
        cases.append(Case("random", ([g.integer(0, g.grow(i, n, 0, 9)) for _ in range(length)],)))
    cases += [
        Case("scaling", ([k % 5 for k in range(s)],), size=s, note=f"{s} labels")
        for s in SCALING_SIZES
    ]
    return cases


# --- Reductions ----------------------------------------------------------------------------


def sum_positive_entries(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor([[-1, -1, 0], [0, 1, 2], [3, 4, 5]]),), note="the notebook's first check"),
        Case("notebook", (torch.tensor([-100, 0, 1, 2, 3]),), note="the notebook's second check"),
        Case("notebook", (_seeded_598().long(),), note="the notebook's third check: randn(100, 100).long() after manual_seed(598)"),
        Case("edge", (torch.tensor([-3, -2, 0]),), note="no positive entries"),
        Case("edge", (torch.tensor(5),), note="a 0-d tensor"),
        Case("edge", (torch.zeros(0, dtype=torch.int64),), note="an empty tensor"),
        Case("edge", (torch.tensor([2**40 + 1, -7, 2**40, 3]),), note="large int64 entries: a float32 sum would round them"),
    ]  # fmt: skip
    for i in range(n):
        shape = [g.grow(i, n, 1, 5) for _ in range(g.grow(i, n, 1, 4))]
        cases.append(Case("random", (g.ints(shape, -20, 20),)))
    cases += _numel_scaling(g, integer=True)
    return cases


def count_negative_entries(g: Gen, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor([[-1, -1, 0], [0, 1, 2], [3, 4, 5]]),), note="the notebook's first check"),
        Case("notebook", (torch.tensor([0, 1, 2, 3]),), note="the notebook's second check"),
        Case("notebook", (_seeded_598(),), note="the notebook's third check: randn(100, 100) after manual_seed(598)"),
        Case("edge", (torch.tensor(-2.5),), note="a 0-d tensor"),
        Case("edge", (torch.zeros(0),), note="an empty tensor"),
    ]  # fmt: skip
    for i in range(n):
        shape = [g.grow(i, n, 1, 5) for _ in range(g.grow(i, n, 1, 4))]
        cases.append(Case("random", (g.real(shape),)))
    cases += _numel_scaling(g, integer=False)
    return cases


def _numel_scaling(g: Gen, *, integer: bool) -> list[Case]:
    cases = []
    for s in SCALING_SIZES:
        x = g.ints((s * s,), -5, 5) if integer else g.floats((s * s,))
        cases.append(Case("scaling", (x,), size=s * s, note=f"{s * s} entries"))
    return cases


def reshape_practice(g: Gen, n: int) -> list[Case]:
    cases = [Case("notebook", (torch.arange(24),), note="the notebook's check")]
    cases += [Case("random", (g.real((24,)),)) for _ in range(n)]
    return cases


def zero_row_min(g: Gen, n: int) -> list[Case]:
    # Every row has a single minimum: with ties the assignment does not say which one to zero.
    cases = [
        Case("notebook", (torch.tensor([[10, 20, 30], [2, 5, 1]]),), note="the notebook's first check"),
        Case("notebook", (torch.tensor([[2, 5, 10, -1], [1, 3, 2, 4], [5, 6, 2, 10]]),), note="the notebook's second check"),
        Case("edge", (torch.tensor([[3.0], [-2.0]]),), note="a single column: every entry is its row's minimum"),
        Case("edge", (torch.tensor([[4.5, -1.5, 2.0]]),), note="a single row"),
    ]  # fmt: skip
    for i in range(n):
        m, k = g.grow(i, n, 1, 8), g.grow(i, n, 1, 7)
        dtype = g.choice((torch.int64, torch.float32, torch.float64))
        cases.append(Case("random", (g.distinct_rows(m, k, dtype),)))
    cases += [
        Case("scaling", (g.distinct_rows(s, 4, torch.float32),), size=s, note=f"{s} rows")
        for s in SCALING_SIZES
    ]
    return cases
