"""Cases for the matrix products, broadcasting, the GPU round trip and the 2022 challenges."""

from __future__ import annotations

import dataclasses

import torch

from torch101.grader.cases.model import SCALING_SIZES, Case, Gen

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


def batched_matrix_multiply(g: Gen, n: int) -> list[Case]:
    # Fall 2020: the student writes both branches of this one function.
    half = (n + 1) // 2
    return _bmm_cases(g, half, kwargs={"use_loop": True}) + _bmm_cases(
        g, half, kwargs={"use_loop": False}
    )


def batched_matrix_multiply_loop(g: Gen, n: int) -> list[Case]:
    dispatched = _through_dispatcher(g, use_loop=True)  # drawn first: the seed's cases stay the same
    return _bmm_cases(g, n, kwargs={}) + dispatched


def batched_matrix_multiply_noloop(g: Gen, n: int) -> list[Case]:
    dispatched = _through_dispatcher(g, use_loop=False)  # drawn first: the seed's cases stay the same
    return _bmm_cases(g, n, kwargs={}) + dispatched


def _through_dispatcher(g: Gen, *, use_loop: bool) -> list[Case]:
    """The notebook's check, which calls the template's own batched_matrix_multiply."""
    first = _bmm_cases(g, 0, kwargs={"use_loop": use_loop}, call="batched_matrix_multiply")[0]
    note = f"the notebook's check, through the template's batched_matrix_multiply(use_loop={use_loop})"  # fmt: skip
    return [dataclasses.replace(first, note=note)]


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


def normalize_columns(g: Gen, n: int) -> list[Case]:
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


def mm_on_gpu(g: Gen, n: int) -> list[Case]:
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


def challenge_mean_tensors(g: Gen, n: int) -> list[Case]:
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


def challenge_get_uniques(g: Gen, n: int) -> list[Case]:
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
