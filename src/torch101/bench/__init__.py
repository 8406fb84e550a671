"""Timings done right: the notebook's CPU-vs-GPU and loop-vs-vectorized experiments.

`torch101 bench` runs them (see cli.py); the pieces are usable on their own:
timing.py (the only module that times), interference.py (whether other programs disturbed a
timing, read while measuring), checks.py (flags for numbers that cannot be right), env.py
(what the machine is), ceilings.py (rates measured in the same run), experiments/ (one module
per experiment), results.py (results as data), report.py, markdown.py and plot.py
(rendering), run.py (running and saving). Importing this package imports neither torch nor
CUDA.
"""

from torch101.bench.timing import (
    Timing,
    TimingSpec,
    fresh_process,
    summarize,
    time_device,
    time_host,
    time_once,
)

__all__ = [
    "Timing",
    "TimingSpec",
    "fresh_process",
    "summarize",
    "time_device",
    "time_host",
    "time_once",
]
