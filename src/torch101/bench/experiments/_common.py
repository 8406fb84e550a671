"""Small helpers the experiments share: timing cells for tables, rates, seeded inputs."""

from __future__ import annotations

from typing import Any

from torch101.bench.checks import flag, timing_flags
from torch101.bench.results import Column
from torch101.bench.timing import Timing

TIME_COLUMNS = [
    Column("ms", "median ms", "ms"),
    Column("iqr_ms", "IQR ms", "ms"),
    Column("n", "n", "int"),
]


def cells(t: Timing, *also: str) -> dict[str, Any]:
    """The median, IQR and sample count of a timing, for a table row, flagged where the
    timing is not to be trusted (the median and the columns in `also` marked)."""
    row = {"ms": t.median_ms, "iqr_ms": t.iqr_ms if t.stats.n > 1 else None, "n": t.stats.n}
    flag(row, timing_flags(t), "ms", *also)
    return row


def flag_timings(row: dict[str, Any], columns: dict[str, Timing]) -> dict[str, Any]:
    """Flag a row whose cells come from several timings ({column: timing}); returns the row."""
    for column, t in columns.items():
        flag(row, timing_flags(t), column)
    return row


def per_second(amount: float, t: Timing, scale: float) -> float:
    """amount / median time, in units of `scale` (1e9: giga, 1e12: tera)."""
    return amount / t.stats.median / scale


def seed(value: int = 0) -> None:
    import torch

    torch.manual_seed(value)
