"""What a timing is, as data: its spec, its raw samples and the statistics computed from them.

The spec is the frozen one the timing was taken with; the statistics are never stored apart from
the samples they come from. The bench's one timing module (`timing.py`) produces these; reports
and plots only read them.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from torch101.bench.interference import Interference

__all__ = ["IDLE_BOUND", "SPREAD_BOUND", "Stats", "Timing", "TimingSpec", "summarize"]

# IQR / median above this: the samples disagree too much for the median to be trusted
# (torch.utils.benchmark calls 25 % "significant environmental influence").
SPREAD_BOUND = 0.25
# Device timings: share of the span the GPU sat idle between timed calls (launch gaps) above
# which the samples are not back to back (timing.MAX_SLEEP caps the sleep kernel that prevents it).
IDLE_BOUND = 0.05


@dataclass(frozen=True)
class TimingSpec:
    """How long and how often to measure.

    warmup: untimed calls first (lazy initialisation, allocator, kernel loading); then one
        more, warm, call is timed to size the run (the first call is cold: sizing from it
        gives blocks far too short for a fast call).
    min_samples: aim for at least this many replicates...
    min_run_time: ...and at least this many seconds of timed calls...
    max_run_time: ...but stop growing the run past this budget (seconds); a call slower than
        max_run_time / min_samples gets fewer samples (at least one).
    retries: host timings disturbed by other programs (or too spread) are measured again, at
        most this many more times; the cleanest try is kept.
    """

    warmup: int = 1
    min_samples: int = 5
    min_run_time: float = 0.2
    max_run_time: float = 2.0
    retries: int = 2

    def __post_init__(self) -> None:
        if self.warmup < 1 or self.min_samples < 1 or self.retries < 0:
            raise ValueError(
                f"TimingSpec: warmup and min_samples must be >= 1, retries >= 0, got {self}"
            )
        if not 0 < self.min_run_time <= self.max_run_time:
            raise ValueError(f"TimingSpec: need 0 < min_run_time <= max_run_time, got {self}")


@dataclass(frozen=True)
class Stats:
    """Robust statistics of samples in seconds: median and IQR, not mean and stddev."""

    n: int
    median: float
    q1: float
    q3: float
    min: float
    max: float
    mean: float

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1


def summarize(samples: Sequence[float]) -> Stats:
    """Statistics of the samples (quartiles interpolated linearly, as NumPy's default)."""
    if not samples:
        raise ValueError("summarize: no samples")
    data = sorted(samples)
    if len(data) == 1:
        q1 = q3 = data[0]
    else:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return Stats(
        n=len(data),
        median=statistics.median(data),
        q1=q1,
        q3=q3,
        min=data[0],
        max=data[-1],
        mean=statistics.fmean(data),
    )


@dataclass(frozen=True)
class Timing:
    """Raw samples (seconds per call) and how they were taken."""

    samples: tuple[float, ...]
    method: str
    threads: int | None = None
    calls_per_sample: int = 1
    interference: Interference | None = None  # host timings: what other programs did
    idle: float | None = None  # device timings: share of the span between calls (launch gaps)
    stats: Stats = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stats", summarize(self.samples))

    @property
    def median_ms(self) -> float:
        return self.stats.median * 1e3

    @property
    def iqr_ms(self) -> float:
        return self.stats.iqr * 1e3

    @property
    def spread(self) -> float:
        """IQR / median (0 for a single sample)."""
        return self.stats.iqr / self.stats.median if self.stats.median > 0 else 0.0

    @property
    def busy(self) -> bool:
        return self.interference is not None and self.interference.busy

    def to_dict(self) -> dict[str, Any]:
        s = self.stats
        return {
            "method": self.method,
            "threads": self.threads,
            "calls_per_sample": self.calls_per_sample,
            "interference": self.interference.to_dict() if self.interference else None,
            "idle": self.idle,
            "samples_s": list(self.samples),
            "stats_s": {
                "n": s.n,
                "median": s.median,
                "q1": s.q1,
                "q3": s.q3,
                "iqr": s.iqr,
                "min": s.min,
                "max": s.max,
                "mean": s.mean,
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timing:
        return cls(
            samples=tuple(data["samples_s"]),
            method=data["method"],
            threads=data.get("threads"),
            calls_per_sample=data.get("calls_per_sample", 1),
            interference=Interference.from_dict(i) if (i := data.get("interference")) else None,
            idle=data.get("idle"),
        )
