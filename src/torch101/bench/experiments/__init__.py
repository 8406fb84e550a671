"""The experiments of `torch101 bench`, in the order they run and are reported.

Each module has NAME, TITLE, a frozen `Params` dataclass with `Params.quick()`/`Params.full()`,
and `run(ctx, params) -> Result`. Tests run them with tiny Params.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["EXPERIMENTS", "load"]

EXPERIMENTS = ("mm", "crossover", "bmm", "add", "normalize", "offload")


def load(name: str) -> ModuleType:
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; choose from {', '.join(EXPERIMENTS)}")
    return importlib.import_module(f"torch101.bench.experiments.{name}")
