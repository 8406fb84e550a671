"""Run experiments and save or load their results (the CLI is a thin layer over this)."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from torch101.bench.context import Context, cuda_status
from torch101.bench.env import environment, machine_summary
from torch101.bench.experiments import EXPERIMENTS, load
from torch101.bench.results import Result

__all__ = ["load_results", "run_experiments", "save_results"]


def run_experiments(
    names: Sequence[str] = EXPERIMENTS,
    *,
    device: str | None = None,
    quick: bool = False,
    console: Console | None = None,
) -> tuple[dict[str, Any], list[Result], Context]:
    """Run the named experiments (Params.quick() or Params.full()); return env, results, context."""
    for name in names:
        load(name)  # unknown names fail before anything is measured
    env = environment()
    cuda, why = cuda_status(device)
    machine_env = env if cuda else {**env, "gpu": None}
    ctx = Context(cuda=cuda, why_no_cuda=why, quick=quick, machine=machine_summary(machine_env))
    if console is not None:
        ctx.console = console
    results = []
    for name in names:
        before = _load()
        if before is not None:  # other jobs on the machine skew timings: say how busy it was
            ctx.machine = machine_summary({**machine_env, "load_average": [before, 0, 0]})
        module = load(name)
        params = module.Params.quick() if quick else module.Params.full()
        ctx.console.print(f"[dim]running {name}...[/]")  # no spinner: one live display at a time
        result = module.run(ctx, params)
        result.warnings += _busy(before, _load(), env.get("cpus_allowed") or os.cpu_count() or 1)
        results.append(result)
    return env, results, ctx


def _load() -> float | None:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def _busy(before: float | None, after: float | None, cpus: int) -> list[str]:
    """A warning when other work competed for the CPUs (this run itself counts ~1 per thread)."""
    peak = max(v for v in (before, after, 0.0) if v is not None)
    if peak <= 1.5 * cpus:
        return []
    return [
        f"the machine was busy (1-minute load average up to {peak:.1f} on {cpus} CPUs): other "
        "processes competed for the cores, so CPU timings, above all of many small multi-threaded "
        "ops, are slower and noisier than on an idle machine"
    ]


def save_results(
    path: str | Path,
    env: dict[str, Any],
    results: Sequence[Result],
    *,
    quick: bool,
    argv: Sequence[str] = (),
    ceilings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from torch101 import __version__

    doc = {
        "tool": "torch101 bench",
        "version": __version__,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "argv": list(argv),
        "quick": quick,
        "environment": env,
        "results": [r.to_dict() for r in results],
    }
    Path(path).write_text(json.dumps(doc, indent=1))
    return doc


def load_results(paths: Sequence[str | Path]) -> tuple[dict[str, Any], list[Result]]:
    """Results of saved runs, in file order; the environment of the first file."""
    env: dict[str, Any] = {}
    results: list[Result] = []
    for path in paths:
        doc = json.loads(Path(path).read_text())
        if doc.get("tool") != "torch101 bench":
            raise ValueError(f"{path}: not a torch101 bench JSON file")
        env = env or doc.get("environment", {})
        results += [Result.from_dict(r) for r in doc["results"]]
    return env, results
