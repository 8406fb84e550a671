"""Every timing in torch101 bench goes through this module.

Four ways to time, one result type (`Timing`: the raw samples, statistics computed from them):

- `time_host(fn)`: host wall clock, torch.utils.benchmark's clock (perf_counter after a CUDA
  synchronisation, so GPU work is included), in blocks of calls sized from a warm call. Not
  `blocked_autorange`: it grows blocks until the clock costs under 0.01 % of one, and a
  clock that synchronises (a few us) then makes 40-100 ms blocks and, often, one sample.
  Threads: torch's default (`torch.get_num_threads()`), not torch.utils.benchmark's default of
  one, because a CPU-vs-GPU comparison must give the CPU all its cores. Every block is
  bracketed by readings of how long this process waited for a core (interference.py); a
  timing disturbed by other programs, or spread wider than `SPREAD_BOUND`, is measured again
  (at most `spec.retries` more times) and the cleanest try is kept, with what disturbed it.
- `time_device(fn)`: CUDA events around each call on the current stream (the device timeline
  only, resolution ~0.5 us), in the style of triton.testing.do_bench. A sleep kernel queued
  first lets the host enqueue every call before the GPU starts, so calls shorter than a launch
  are timed back to back, not with the launch gap in between.
- `time_once(fn)`: one call, no warm-up: what the notebook's cells measure.
- `fresh_process(body)`: cold-start costs, each sample in a new Python interpreter, so CUDA
  context creation, the first copies and the first cuBLAS call are really first.

Clocks and events are injectable, so tests check the bookkeeping with a fake timer.
"""

from __future__ import annotations

import gc
import json
import math
import os
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from torch101.bench.interference import (
    Interference,
    Probe,
    Reading,
    cpus_available,
    disturbed,
    read_probe,
)

__all__ = [
    "IDLE_BOUND",
    "SPREAD_BOUND",
    "Stats",
    "Timing",
    "TimingSpec",
    "fresh_process",
    "summarize",
    "time_device",
    "time_host",
    "time_once",
]

Clock = Callable[[], float]

# IQR / median above this: the samples disagree too much for the median to be trusted
# (torch.utils.benchmark calls 25 % "significant environmental influence").
SPREAD_BOUND = 0.25
# Device timings: share of the span the GPU sat idle between timed calls (launch gaps) above
# which the samples are not back to back; and the longest sleep kernel queued to prevent it.
IDLE_BOUND = 0.05
MAX_SLEEP = 0.5


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


def _default_clock() -> Clock:
    from torch.utils.benchmark.utils.timer import timer  # perf_counter after an accelerator sync

    return timer


def time_host(
    fn: Callable[[], object],
    *,
    spec: TimingSpec = TimingSpec(),
    threads: int | None = None,
    clock: Clock | None = None,
    probe: Probe | None = None,
    cpus: int | None = None,
) -> Timing:
    """Median-ready host timings of fn(), re-measured while other programs disturb them.

    Algorithm: spec.warmup untimed calls, then one timed warm call (t_1); budget =
    clamp(min_samples * t_1, min_run_time, max_run_time); blocks of number =
    ceil(budget / min_samples / t_1) calls, each block one sample (its mean per call), until
    the budget is timed and min_samples are kept (or max_run_time is spent). A block lasts
    about budget / min_samples >= 40 ms by default, so one clock read (a CUDA sync, ~5 us)
    costs under 0.02 % of it. `probe` is read around every block (outside the clock's
    reads); a try that is busy (interference.py) is repeated, at most spec.retries more
    times, one spread beyond SPREAD_BOUND once, and the try with the fewest disturbed blocks
    (then the smallest spread) is kept. gc is off while timing, as in timeit.
    """
    import torch

    clock = clock or _default_clock()
    probe = probe or read_probe
    threads = threads or torch.get_num_threads()
    previous = torch.get_num_threads()
    gc_was_enabled = gc.isenabled()
    torch.set_num_threads(threads)
    gc.disable()
    try:
        for _ in range(spec.warmup):
            fn()
        start = clock()
        fn()
        first = clock() - start  # warm: the cold first call would make blocks too short
        budget = min(max(spec.min_samples * first, spec.min_run_time), spec.max_run_time)
        number = max(1, math.ceil(budget / spec.min_samples / max(first, 1e-9)))
        best: Timing | None = None
        for attempt in range(1 + spec.retries):
            samples, blocks = _blocks(fn, spec, budget, number, clock, probe)
            info = disturbed(
                blocks, threads=threads, cpus=cpus or cpus_available(), tries=attempt + 1
            )
            timing = Timing(
                samples=tuple(samples),
                method="host clock, torch.utils.benchmark's timer (CUDA synchronised), "
                "fixed blocks",
                threads=threads,
                calls_per_sample=number,
                interference=info,
            )
            if best is None or _cleaner(timing, best):
                best = timing
            if not _suspect(timing) or (attempt >= 1 and not timing.busy):
                break  # spread alone, with no one disturbing: one more try is enough
    finally:
        if gc_was_enabled:
            gc.enable()
        torch.set_num_threads(previous)
    assert best is not None and best.interference is not None
    return replace(best, interference=replace(best.interference, tries=attempt + 1))


def _blocks(
    fn: Callable[[], object],
    spec: TimingSpec,
    budget: float,
    number: int,
    clock: Clock,
    probe: Probe,
) -> tuple[list[float], list[tuple[Reading, Reading]]]:
    samples: list[float] = []
    blocks: list[tuple[Reading, Reading]] = []
    total = 0.0
    while total < budget or (len(samples) < spec.min_samples and total < spec.max_run_time):
        before = probe()
        start = clock()
        for _ in range(number):
            fn()
        block = clock() - start
        blocks.append((before, probe()))
        samples.append(block / number)
        total += block
    return samples, blocks


def _suspect(t: Timing) -> bool:
    return t.busy or (t.stats.n > 2 and t.spread > SPREAD_BOUND)


def _cleaner(a: Timing, b: Timing) -> bool:
    """Whether try a is more trustworthy than try b: fewer disturbed blocks, then less spread."""

    def key(t: Timing) -> tuple[bool, float, float]:
        info = t.interference
        share = info.disturbed_blocks / len(info.waited) if info and info.waited else 0.0
        return (_suspect(t), share, t.spread)

    return key(a) < key(b)


class Event(Protocol):
    def record(self) -> None: ...
    def elapsed_time(self, end: Any) -> float: ...


def time_device(
    fn: Callable[[], object],
    *,
    spec: TimingSpec = TimingSpec(),
    event: Callable[[], Event] | None = None,
    synchronize: Callable[[], None] | None = None,
    delay: Callable[[float], None] | None = None,
    host_clock: Clock = time.perf_counter,
    max_samples: int = 1000,
) -> Timing:
    """Device-side timings of fn() with CUDA events on the current stream.

    Algorithm (as triton.testing.do_bench): spec.warmup calls, then one call between an event
    pair to estimate t_1, its host enqueue time h_1 read on `host_clock`; then a sleep kernel
    (`delay`) of 1.5 * n * max(h_1, 20 us) (at most MAX_SLEEP), then n = clamp(min_run_time /
    t_1, min_samples, max_samples) calls, each between its own event pair, with one
    synchronisation at the end. The sleep lets the host enqueue every call before the GPU
    starts; if it was too short, the GPU idled between calls and the samples include launch
    gaps: `idle` is the share of the span from the first start to the last end that no
    sample covers (flagged above IDLE_BOUND). Host-side work and other streams are invisible.
    """
    import torch

    event = event or (lambda: torch.cuda.Event(enable_timing=True))
    synchronize = synchronize or torch.cuda.synchronize
    delay = delay or _sleep_kernel
    for _ in range(spec.warmup):
        fn()
    start, end = event(), event()
    host_start = host_clock()
    start.record()
    fn()
    end.record()
    enqueue = host_clock() - host_start
    synchronize()
    estimate = max(start.elapsed_time(end) / 1e3, 1e-7)
    n = int(min(max(spec.min_run_time / estimate, spec.min_samples), max_samples))
    n = max(1, min(n, int(spec.max_run_time / estimate) or 1))
    pairs = [(event(), event()) for _ in range(n)]
    delay(min(1.5 * n * max(enqueue, 20e-6), MAX_SLEEP))
    for start, end in pairs:
        start.record()
        fn()
        end.record()
    synchronize()
    samples = tuple(s.elapsed_time(e) / 1e3 for s, e in pairs)
    span = pairs[0][0].elapsed_time(pairs[-1][1]) / 1e3
    return Timing(
        samples=samples,
        method="CUDA events (device timeline)",
        idle=max(0.0, 1.0 - sum(samples) / span) if span > 0 else 0.0,
    )


def _sleep_kernel(seconds: float) -> None:
    """Keep the current stream busy for about `seconds` (a spin kernel; torch's own test helper)."""
    import torch

    sleep = getattr(torch.cuda, "_sleep", None)  # private but long-lived; skip if ever gone
    if sleep is not None:
        rate_hz = 2e9  # cycles per second, about an H100/H200's boost clock
        sleep(int(seconds * rate_hz))


def time_once(
    fn: Callable[[], object],
    *,
    clock: Clock | None = None,
    probe: Probe | None = None,
    cpus: int | None = None,
) -> Timing:
    """One call, no warm-up, as the notebook times it (not repeated: a cold call happens once)."""
    import torch

    clock = clock or _default_clock()
    probe = probe or read_probe
    before = probe()
    start = clock()
    fn()
    seconds = clock() - start
    threads = torch.get_num_threads()
    info = disturbed([(before, probe())], threads=threads, cpus=cpus or cpus_available())
    return Timing(
        samples=(seconds,), method="single call, no warm-up", threads=threads, interference=info
    )


# Runs in the child: `stage(name)` times a block with perf_counter, with the interference
# readings around it (interference.py imports no torch); `result` carries values.
_PRELUDE = """
import json as _json, time as _time
from contextlib import contextmanager as _cm
from torch101.bench.interference import read_probe as _probe
_stages, _probes, result = {}, {}, {}
@_cm
def stage(name):
    _p0 = _probe()
    _t0 = _time.perf_counter()
    yield
    _stages[name] = _time.perf_counter() - _t0
    _probes[name] = [list(_p0), list(_probe())]
"""
_EPILOGUE = """
print("@@torch101@@" + _json.dumps({"stages": _stages, "probes": _probes, "result": result}))
"""


def fresh_process(
    body: str, *, repeats: int = 1, timeout: float = 300.0
) -> tuple[dict[str, Timing], list[dict[str, Any]]]:
    """Run `body` in `repeats` new interpreters; return per-stage Timings and each run's result.

    The body times its stages with `with stage("name"): ...` (synchronising CUDA inside the
    block where it matters) and may store JSON-able values in `result`.
    """
    script = _PRELUDE + textwrap.dedent(body) + _EPILOGUE
    src = str(Path(__file__).resolve().parents[2])  # so the child imports this torch101
    import torch

    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])),
        OMP_NUM_THREADS=str(torch.get_num_threads()),  # the child runs at this run's threads
    )
    stages: dict[str, list[float]] = {}
    probes: dict[str, list[tuple[Reading, Reading]]] = {}
    results: list[dict[str, Any]] = []
    for _ in range(repeats):
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout, env=env
        )
        marker = [line for line in proc.stdout.splitlines() if line.startswith("@@torch101@@")]
        if proc.returncode != 0 or not marker:
            raise RuntimeError(
                f"fresh_process: the child failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}"
            )
        data = json.loads(marker[-1].removeprefix("@@torch101@@"))
        for name, seconds in data["stages"].items():
            stages.setdefault(name, []).append(seconds)
        for name, (before, after) in data.get("probes", {}).items():
            probes.setdefault(name, []).append((Reading(*before), Reading(*after)))
        results.append(data["result"])
    threads, cpus = torch.get_num_threads(), cpus_available()
    timings = {
        name: Timing(
            samples=tuple(values),
            method="fresh process, one call each",
            threads=threads,
            interference=disturbed(probes[name], threads=threads, cpus=cpus)
            if len(probes.get(name, ())) == len(values)
            else None,
        )
        for name, values in stages.items()
    }
    return timings, results
