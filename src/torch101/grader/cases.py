"""Inputs each function is graded on: the notebook's own checks, hidden edge cases, seeded random
cases (smallest first, so the first failure reported is a small one) and scaling cases (the same
function at growing sizes, to see whether its op count grows: a loop).

Every maker returns a list of `Case`; the expected outputs are computed later in the parent with
`torch101.reference`. Inputs stay inside each function's contract: a correct solution written
any way at all must pass every case (see the notes on ties and offsets below).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import torch

__all__ = ["Case", "Gen"]

SCALING_SIZES = (2, 8, 32)


@dataclass
class Case:
    kind: str  # "notebook" | "edge" | "random" | "scaling" | "memory"
    args: tuple
    kwargs: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # what the case is about, shown to the student
    call: str | None = None  # the function actually called, when not the graded one
    size: int | None = None  # scaling cases: the size a loop would iterate over
    group: str = ""  # scaling cases of one group are compared with each other
    on_gpu: bool = False  # the tensor arguments are on the GPU (emulated where there is none)


class Gen:
    """Seeded randomness for one function: the same seed gives the same cases everywhere."""

    def __init__(self, seed: int, name: str) -> None:
        self.rng = random.Random(f"torch101/{seed}/{name}")
        self.torch = torch.Generator().manual_seed(self.rng.getrandbits(62))

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def grow(self, i: int, n: int, low: int, high: int) -> int:
        """A size in [low, high] whose upper bound grows with the case index (small cases first)."""
        return self.rng.randint(low, low + (high - low) * (i + 1) // max(n, 1))

    def choice(self, options):
        return self.rng.choice(options)

    def ints(self, shape, low: int = -9, high: int = 9, dtype=torch.int64) -> torch.Tensor:
        return torch.randint(low, high + 1, tuple(shape), generator=self.torch, dtype=dtype)

    def floats(self, shape, dtype=torch.float32, scale: float = 1.0) -> torch.Tensor:
        x = torch.randn(tuple(shape), generator=self.torch, dtype=torch.float64) * scale
        return x.to(dtype)

    def real(self, shape, dtypes=(torch.int64, torch.float32, torch.float64)) -> torch.Tensor:
        dtype = self.choice(dtypes)
        if dtype.is_floating_point:
            return self.floats(shape, dtype, scale=10.0)
        return self.ints(shape, -50, 50, dtype)

    def distinct_rows(self, m: int, n: int, dtype) -> torch.Tensor:
        """(m, n) values with a unique minimum in every row (ties are ambiguous, see zero_row_min)."""
        rows = [torch.randperm(4 * n + 4, generator=self.torch)[:n] - 2 * n for _ in range(m)]
        x = torch.stack(rows) if rows else torch.empty(0, n, dtype=torch.int64)
        if dtype.is_floating_point:
            x = x.to(dtype) + self.floats((m, n), dtype, scale=0.1)
        return x.to(dtype)


def _notebook_sample() -> torch.Tensor:
    x = torch.zeros(3, 2)
    x[0, 1], x[1, 0] = 10, 100
    return x


def _seeded_598() -> torch.Tensor:
    return torch.randn(100, 100, generator=torch.Generator().manual_seed(598))


# --- Tensor basics -------------------------------------------------------------------------


def create_sample_tensor(g: Gen, template: str, n: int) -> list[Case]:
    # No inputs, so nothing to randomise: the notebook's call, twice. The worker overwrites
    # each result once sent, so a tensor shared between calls shows up the second time.
    return [
        Case("notebook", (), note="create_sample_tensor()"),
        Case("edge", (), note="a second call: torch101 overwrote the first result with NaN, as a caller's edits would; a new tensor each call is untouched"),
    ]  # fmt: skip


def mutate_tensor(g: Gen, template: str, n: int) -> list[Case]:
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


def count_tensor_elements(g: Gen, template: str, n: int) -> list[Case]:
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


def create_tensor_of_pi(g: Gen, template: str, n: int) -> list[Case]:
    cases = [
        Case("notebook", (4, 5), note="the notebook's check"),
        Case("edge", (1, 1), note="M = N = 1"),
        Case("edge", (1, 7), note="a single row"),
        Case("edge", (7, 1), note="a single column"),
    ]
    cases += [Case("random", (g.grow(i, n, 1, 20), g.grow(i, n, 1, 20))) for i in range(n)]
    return cases


def multiples_of_ten(g: Gen, template: str, n: int) -> list[Case]:
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


def slice_indexing_practice(g: Gen, template: str, n: int) -> list[Case]:
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


def slice_assignment_practice(g: Gen, template: str, n: int) -> list[Case]:
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


def shuffle_cols(g: Gen, template: str, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor(_SMALL_4x3),), note="the notebook's check"),
        Case("edge", (torch.tensor([[1.5, 2.5, 3.5]]),), note="a single row"),
    ]
    for i in range(n):
        shape = (g.grow(i, n, 1, 8), g.grow(i, n, 3, 7))
        cases.append(Case("random", (g.real(shape),)))
    return cases


def reverse_rows(g: Gen, template: str, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor(_SMALL_4x3),), note="the notebook's check"),
        Case("edge", (torch.tensor([[1.0, 2.0, 3.0]]),), note="a single row"),
        Case("edge", (torch.arange(5).view(5, 1),), note="a single column"),
    ]
    for i in range(n):
        shape = (g.grow(i, n, 1, 8), g.grow(i, n, 1, 6))
        cases.append(Case("random", (g.real(shape),)))
    return cases


def take_one_elem_per_col(g: Gen, template: str, n: int) -> list[Case]:
    cases = [
        Case("notebook", (torch.tensor(_SMALL_4x3),), note="the notebook's check"),
        Case("edge", (torch.arange(12.0).view(4, 3) - 6,), note="exactly 4 x 3, floats"),
    ]
    for i in range(n):
        shape = (g.grow(i, n, 4, 8), g.grow(i, n, 3, 7))
        cases.append(Case("random", (g.real(shape),)))
    return cases


def make_one_hot(g: Gen, template: str, n: int) -> list[Case]:
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


def sum_positive_entries(g: Gen, template: str, n: int) -> list[Case]:
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


def count_negative_entries(g: Gen, template: str, n: int) -> list[Case]:
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


def reshape_practice(g: Gen, template: str, n: int) -> list[Case]:
    cases = [Case("notebook", (torch.arange(24),), note="the notebook's check")]
    cases += [Case("random", (g.real((24,)),)) for _ in range(n)]
    return cases


def zero_row_min(g: Gen, template: str, n: int) -> list[Case]:
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


# --- Matrix multiply -----------------------------------------------------------------------


def _bmm_operands(g: Gen, b: int, n: int, m: int, p: int, dtype=torch.float32):
    if dtype.is_floating_point:
        return g.floats((b, n, m), dtype), g.floats((b, m, p), dtype)
    return g.ints((b, n, m), -5, 5, dtype), g.ints((b, m, p), -5, 5, dtype)


def _bmm_cases(g: Gen, n: int, *, kwargs: dict, call: str | None = None) -> list[Case]:
    cases = [
        Case(
            "notebook",
            _bmm_operands(g, 2, 3, 5, 4),
            kwargs,
            note="the notebook's check (B, N, M, P = 2, 3, 5, 4)",
            call=call,
        )
    ]
    cases.append(Case("edge", _bmm_operands(g, 1, 1, 1, 1), kwargs, note="B = N = M = P = 1"))
    cases.append(
        Case("edge", _bmm_operands(g, 3, 2, 4, 2, torch.float64), kwargs, note="float64 inputs")
    )
    cases.append(
        Case("edge", _bmm_operands(g, 2, 3, 2, 3, torch.int64), kwargs, note="int64 inputs")
    )
    for i in range(n):
        dims = [g.grow(i, n, 1, 6) for _ in range(4)]
        dtype = g.choice((torch.float32, torch.float32, torch.float64, torch.int64))
        cases.append(Case("random", _bmm_operands(g, *dims, dtype), kwargs))
    cases += [
        Case("scaling", _bmm_operands(g, s, 3, 4, 2), kwargs, size=s, note=f"B = {s}", group=str(kwargs))
        for s in SCALING_SIZES
    ]  # fmt: skip
    return cases


def batched_matrix_multiply(g: Gen, template: str, n: int) -> list[Case]:
    # Fall 2020: the student writes both branches of this one function.
    half = (n + 1) // 2
    return _bmm_cases(g, half, kwargs={"use_loop": True}) + _bmm_cases(
        g, half, kwargs={"use_loop": False}
    )


def batched_matrix_multiply_loop(g: Gen, template: str, n: int) -> list[Case]:
    dispatched = _bmm_cases(g, 0, kwargs={"use_loop": True}, call="batched_matrix_multiply")[:1]
    dispatched[
        0
    ].note = "the notebook's check, through the template's batched_matrix_multiply(use_loop=True)"
    return _bmm_cases(g, n, kwargs={}) + dispatched


def batched_matrix_multiply_noloop(g: Gen, template: str, n: int) -> list[Case]:
    dispatched = _bmm_cases(g, 0, kwargs={"use_loop": False}, call="batched_matrix_multiply")[:1]
    dispatched[
        0
    ].note = "the notebook's check, through the template's batched_matrix_multiply(use_loop=False)"
    return _bmm_cases(g, n, kwargs={}) + dispatched


# --- Broadcasting and devices --------------------------------------------------------------


def _columns(g: Gen, m: int, k: int, dtype) -> torch.Tensor:
    """Columns whose mean is within 2 standard deviations of zero.

    The one-pass variance sum(x^2) - M mu^2, algebraically right, loses digits to cancellation
    in proportion to (mu / sigma)^2; keeping that ratio small keeps every correct formula within
    the tolerance, while a biased std or a wrong mean still fails by far.
    """
    scale = g.choice((0.1, 1.0, 10.0))
    z = g.floats((m, k), torch.float64)
    z = z - z.mean(dim=0)
    spread = z.std(dim=0)
    shift = (torch.rand(k, generator=g.torch, dtype=torch.float64) * 4 - 2) * spread
    return ((z + shift) * scale).to(dtype)


def normalize_columns(g: Gen, template: str, n: int) -> list[Case]:
    notebook = torch.tensor([[0.0, 30.0, 600.0], [1.0, 10.0, 200.0], [-1.0, 20.0, 400.0]])
    cases = [
        Case("notebook", (notebook,), note="the notebook's check"),
        Case("edge", (torch.tensor([[1.0, -2.0], [3.0, 5.0]]),), note="M = 2 rows"),
        Case("edge", (notebook.double(),), note="float64 input"),
    ]
    for i in range(n):
        m, k = g.grow(i, n, 2, 8), g.grow(i, n, 1, 6)
        cases.append(Case("random", (_columns(g, m, k, g.choice((torch.float32, torch.float64))),)))
    cases += [
        Case("scaling", (_columns(g, s, s, torch.float32),), size=s, note=f"{s} x {s}")
        for s in SCALING_SIZES
    ]
    return cases


def mm_on_gpu(g: Gen, template: str, n: int) -> list[Case]:
    cases = [
        Case("notebook", (g.floats((64, 256)).abs(), g.floats((256, 128)).abs()), note="the notebook's timing inputs, scaled down (torch.rand-like)"),
        Case("edge", (g.floats((1, 1)), g.floats((1, 1))), note="1 x 1 matrices"),
    ]  # fmt: skip
    for i in range(n):
        a, b, c = (g.grow(i, n, 1, 24) for _ in range(3))
        cases.append(Case("random", (g.floats((a, b)), g.floats((b, c)))))
    return cases


# --- Winter 2022 challenges ----------------------------------------------------------------


def _segments(g: Gen, lengths: list[int], dtype) -> tuple[list[torch.Tensor], torch.Tensor]:
    xs = [g.floats((k,), dtype, scale=3.0) + g.integer(-3, 3) for k in lengths]
    return xs, torch.tensor(lengths, dtype=torch.int64)


def challenge_mean_tensors(g: Gen, template: str, n: int) -> list[Case]:
    cases = [
        Case("edge", _segments(g, [1], torch.float32), note="N = 1, K = 1"),
        Case("edge", _segments(g, [1, 1, 1], torch.float32), note="every K_i = 1"),
        Case("edge", _segments(g, [3, 1, 5], torch.float64), note="float64 inputs"),
        Case("edge", ([torch.tensor([1.0, 2.0]), torch.tensor([4.0])], torch.tensor([2, 1])), note="a small exact case"),
        # "All inputs are on the same device (CPU or GPU)": new tensors must follow them.
        Case("edge", _segments(g, [3, 1, 5], torch.float32), note="inputs on the GPU (emulated on a machine without one): the result must be on the GPU too", on_gpu=True),
    ]  # fmt: skip
    for i in range(n):
        lengths = [g.grow(i, n, 1, 10) for _ in range(g.grow(i, n, 1, 12))]
        cases.append(
            Case("random", _segments(g, lengths, g.choice((torch.float32, torch.float64))))
        )
    cases += [
        Case("scaling", _segments(g, [3] * s, torch.float32), size=s, note=f"N = {s} tensors")
        for s in SCALING_SIZES
    ]
    # One long tensor among many short ones: padding to N x max(K) is 100 times the data.
    # The long one comes last so that cumulative sums stay small while the short ones are cut.
    lengths = [g.integer(1, 3) for _ in range(199)] + [2000]
    cases.append(
        Case(
            "memory",
            _segments(g, lengths, torch.float32),
            note="N = 200, one K_i = 2000, the rest <= 3",
        )
    )
    return cases


def challenge_get_uniques(g: Gen, template: str, n: int) -> list[Case]:
    cases = [
        Case("edge", (torch.tensor([5]),), note="a single element"),
        Case("edge", (torch.tensor([7, 7, 7, 7]),), note="all equal"),
        Case("edge", (torch.tensor([4, -1, 9, 0]),), note="all distinct"),
        Case("edge", (torch.tensor([3, 1, 3, 2, 1, 3]),), note="repeats in mixed order"),
    ]
    for i in range(n):
        length = g.grow(i, n, 1, 40)
        spread = g.choice((2, 5, 1000))
        cases.append(Case("random", (g.ints((length,), -spread, spread),)))
    cases += [
        Case("scaling", (g.ints((s * 4,), -10, 10),), size=s * 4, note=f"N = {s * 4}")
        for s in SCALING_SIZES
    ]
    # Values spread far wider than N: a buffer indexed by value would outgrow the input.
    cases.append(
        Case("memory", (g.ints((1000,), -(10**6), 10**6),), note="N = 1000, values up to 1e6")
    )
    return cases
