"""Results are data: what an experiment measured, as plain dataclasses that round-trip to JSON.

An experiment returns a `Result`: its raw `Timing`s, the `Ceiling`s it compared against, tables
of numbers (formatting lives in report.py), plot series (drawing lives in plot.py), the GPU
parts it skipped and why, and a plain-words verdict.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from torch101.bench.timing import Timing

__all__ = ["FORMATS", "Ceiling", "Column", "Plot", "Result", "Series", "Table", "rel_error"]

# Column formats report.py knows: how a number is shown and in what unit.
FORMATS = ("text", "int", "num", "ms", "x", "GBps", "GFLOPs", "TFLOPs", "pct", "sci")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    fmt: str = "text"

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise ValueError(f"Column: fmt must be one of {', '.join(FORMATS)}, got {self.fmt!r}")


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class Series:
    label: str
    x: list[float]
    y: list[float]


@dataclass
class Plot:
    title: str
    xlabel: str
    ylabel: str
    series: list[Series]
    logx: bool = False
    logy: bool = False


@dataclass
class Ceiling:
    """A hardware rate measured in the same run: the yardstick for 'fraction of the floor'."""

    name: str
    value: float
    unit: str
    how: str
    timing: Timing | None = None


@dataclass
class Result:
    name: str
    title: str
    machine: str
    params: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, Timing] = field(default_factory=dict)
    ceilings: dict[str, Ceiling] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    plots: list[Plot] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # derived numbers: speedups, errors
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. the machine was busy
    headline: str = ""
    verdict: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)  # Timing.stats is derived; store it anyway, readers like it
        data["timings"] = {k: t.to_dict() for k, t in self.timings.items()}
        data["ceilings"] = {
            k: {**asdict(c), "timing": c.timing.to_dict() if c.timing else None}
            for k, c in self.ceilings.items()
        }
        return _clean(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        def ceiling(c: dict[str, Any]) -> Ceiling:
            t = c.get("timing")
            return Ceiling(
                c["name"], c["value"], c["unit"], c["how"], Timing.from_dict(t) if t else None
            )

        return cls(
            name=data["name"],
            title=data["title"],
            machine=data["machine"],
            params=data.get("params", {}),
            timings={k: Timing.from_dict(t) for k, t in data.get("timings", {}).items()},
            ceilings={k: ceiling(c) for k, c in data.get("ceilings", {}).items()},
            tables=[
                Table(t["title"], [Column(**c) for c in t["columns"]], t["rows"], t.get("note", ""))
                for t in data.get("tables", [])
            ],
            plots=[
                Plot(**{**p, "series": [Series(**s) for s in p["series"]]})
                for p in data.get("plots", [])
            ],
            values=data.get("values", {}),
            skipped=data.get("skipped", []),
            warnings=data.get("warnings", []),
            headline=data.get("headline", ""),
            verdict=data.get("verdict", ""),
        )


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity: store them as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def rel_error(y: Any, ref: Any) -> float:
    """||y - ref|| / ||ref|| in float64 (Frobenius norms); torch tensors in, float out."""
    diff = (y.double() - ref.double()).norm().item()
    return diff / max(ref.double().norm().item(), 1e-300)
