"""From a failure to the lesson: a tour section, and for a known mistake the idea behind the fix.

The tour section is the one that teaches what a function needs; the common mistakes the grader
recognises get one sentence on the idea behind the fix.

The sentences explain an idea (what broadcasting, an integer-array index or a copy does); they
never give the solution's code. Mistakes are read from the grader's own evidence: static
findings (rule and subject), the judge's messages, and for the biased std the returned values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from torch101.grader.mistake import MISTAKES

__all__ = ["IDEAS", "TOUR", "Lesson", "lesson_for", "tour_for"]

# Function -> the tour section (`torch101 tour NAME`) that teaches what it needs.
TOUR: dict[str, str] = {
    "hello": "creating",
    "create_sample_tensor": "creating",
    "mutate_tensor": "creating",
    "count_tensor_elements": "creating",
    "create_tensor_of_pi": "constructors",
    "multiples_of_ten": "constructors",
    "slice_indexing_practice": "slice-indexing",
    "slice_assignment_practice": "slice-indexing",
    "shuffle_cols": "integer-indexing",
    "reverse_rows": "integer-indexing",
    "take_one_elem_per_col": "integer-indexing",
    "make_one_hot": "integer-indexing",
    "count_negative_entries": "boolean-indexing",
    "sum_positive_entries": "boolean-indexing",
    "reshape_practice": "swapping-axes",
    "zero_row_min": "reductions",
    "batched_matrix_multiply": "vectorization",
    "batched_matrix_multiply_loop": "vectorization",
    "batched_matrix_multiply_noloop": "vectorization",
    "normalize_columns": "broadcasting",
    "mm_on_cpu": "gpu",
    "mm_on_gpu": "gpu",
    "challenge_mean_tensors": "reductions",
    "challenge_get_uniques": "boolean-indexing",
}

# Mistake -> (the tour section about its idea, or None for the function's own; the idea).
IDEAS: dict[str, tuple[str | None, str]] = {
    "flip": (
        "integer-indexing",
        "An integer-array index takes the positions you want in the order you want them, so "
        "listing the row positions from last to first reverses in one indexing operation.",
    ),
    "loop": (
        None,
        "Think of the whole tensor at once: a tensor operation (broadcasting, indexing with a "
        "tensor of positions, a reduction along a dim) does in one call what a Python loop "
        "does one element at a time.",
    ),
    "biased_std": (
        None,
        "The notebook's standard deviation is the sample one: the sum of squared deviations "
        "is divided by M - 1, not by M (dividing by M makes every column too large by "
        "sqrt(M / (M - 1))).",
    ),
    "mean_std": (
        "reductions",
        "A column's mean and its spread can both be built from sums along a dimension divided "
        "by a count, which is what the rule leaves you.",
    ),
    "numel": (
        "creating",
        "A tensor's shape lists its size along each dimension, and the number of elements "
        "follows from those sizes alone.",
    ),
    "dtype": (
        "datatypes",
        "Every tensor carries a dtype chosen by the constructor or the operation that made it "
        "(int64 for integer data, float32 by default); ask for the one the contract states "
        "instead of letting it be inferred.",
    ),
    "mutated": (
        "in-place",
        "Indexed assignment and the operations ending in _ write into the caller's tensor; "
        "work on a copy or use out-of-place operations, which return a new tensor.",
    ),
    "python_number": (
        "reductions",
        "A reduction returns a 0-d tensor, not a Python number; the contract asks for the "
        "plain Python value that tensor holds.",
    ),
    "not_a_view": (
        "slice-indexing",
        "Slicing with start:stop:step returns a view that shares the input's memory, while "
        "indexing with lists or tensors of positions always copies.",
    ),
    "index_count": (
        "integer-indexing",
        "One indexing operation can take a position tensor for every dimension at once; "
        "they pair up element by element, so a single indexing can gather scattered elements.",
    ),
}


@dataclass(frozen=True)
class Lesson:
    tour: str  # the section to read: `torch101 tour {tour}`; "" when none fits
    idea: str = ""  # one sentence on the idea behind the fix; "" when no mistake is recognised
    mistake: str = ""  # a key of IDEAS, or ""


def tour_for(name: str) -> str:
    """The tour section for a function of either template ("" for an unknown name)."""
    return TOUR.get(name, "")


_FLIPS = {"flip", "flipud", "fliplr"}


def _mistake(name: str, mistakes: Sequence[str], findings: Sequence[Any]) -> str:
    rules = {(getattr(f, "rule", ""), getattr(f, "subject", "")) for f in findings}
    if any(rule == "forbidden" and (subject in _FLIPS or "flip" in subject) for rule, subject in rules):  # fmt: skip
        return "flip"
    forbidden = {subject for rule, subject in rules if rule == "forbidden"}
    if forbidden & {"mean", "std", "var", "std_mean", "var_mean", "nanmean"}:
        return "mean_std"
    if forbidden & {"numel", "nelement"}:
        return "numel"
    # The loop versions of the batched product ask for a loop: their loop findings are others.
    if "loop" in {rule for rule, _ in rules} and not name.endswith(("_loop", "multiply")):
        return "loop"
    # What the judge recognised where it found it (mistake.MISTAKES is in this order).
    return next((m for m in MISTAKES if m in mistakes), "")


def _biased_std(cases: Sequence[Any], expected: Sequence[Any], outcomes: Sequence[Any]) -> bool:
    """normalize_columns returned exactly sqrt(M / (M - 1)) times the right values."""
    import torch

    for _case, want, outcome in zip(cases, expected, outcomes):
        got = getattr(outcome, "value", None)
        if getattr(outcome, "status", "") != "ok" or not isinstance(got, torch.Tensor):
            continue
        if not isinstance(want, torch.Tensor) or got.shape != want.shape or want.shape[0] < 2:
            continue
        mask = want.abs() > 1e-3
        if not bool(mask.any()):
            continue
        ratio = got[mask].double() / want[mask].double()
        rows = want.shape[0]
        factor = math.sqrt(rows / (rows - 1))
        return bool(torch.allclose(ratio, torch.full_like(ratio, factor), rtol=1e-3, atol=0.0))
    return False


def lesson_for(
    name: str,
    status: str,
    mistakes: Sequence[str],
    findings: Sequence[Any] = (),
    cases: Sequence[Any] = (),
    expected: Sequence[Any] = (),
    outcomes: Sequence[Any] = (),
) -> Lesson:
    """The section to read and, when the grader recognises the mistake, the idea behind the fix.

    A function that passes (or is skipped) gets its section and no idea.
    """
    section = tour_for(name)
    if status in ("pass", "skipped", "not_implemented"):
        return Lesson(section)
    mistake = _mistake(name, mistakes, findings)
    if not mistake and name == "normalize_columns" and _biased_std(cases, expected, outcomes):
        mistake = "biased_std"
    if not mistake:
        return Lesson(section)
    where, idea = IDEAS[mistake]
    return Lesson(where or section, idea, mistake)
