"""Run experiments and save or load their results (the CLI is a thin layer over this)."""

from __future__ import annotations

import datetime
import json
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console

from torch101.bench.checks import flagged_rows, recheck_ceilings
from torch101.bench.context import Context, cuda_status
from torch101.bench.env import environment, machine_summary
from torch101.bench.experiments import EXPERIMENTS, load
from torch101.bench.report import busy_notice
from torch101.bench.results import Ceiling, Result

__all__ = ["load_results", "run_experiments", "save_results", "saved_ceilings"]


def run_experiments(
    names: Sequence[str] = EXPERIMENTS,
    *,
    device: str | None = None,
    quick: bool = False,
    console: Console | None = None,
    threads: int | None = None,
    time_limit: float | None = None,
    on_result: Callable[[dict[str, Any], list[Result]], None] | None = None,
    ceilings: dict[str, Ceiling] | None = None,
) -> tuple[dict[str, Any], list[Result], Context]:
    """Run the named experiments (Params.quick() or Params.full()); return env, results, context.

    threads: torch's thread count for the whole run (default: torch's default).
    time_limit: seconds; once they are spent, sweeps stop after their current point and no
        further experiment starts (the first one always runs).
    on_result: called with (env, results so far) after each experiment, and once more with
        a cut-off experiment's partial result if SIGTERM or Ctrl-C ends the run or the
        experiment fails (then the interruption or the error is raised again).
    ceilings: ceilings already measured on this machine (`saved_ceilings`), used instead of
        measuring them again; the missing ones are measured.
    After the experiments, the ceilings that a row exceeds are measured again and the best
    value kept (checks.recheck_ceilings); rows still above one are flagged.
    """
    import torch

    for name in names:
        load(name)  # unknown names fail before anything is measured
    if threads is not None and threads < 1:
        raise ValueError(f"run_experiments: argument 'threads' must be >= 1, got {threads}")
    previous_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    started = time.monotonic()
    env = environment()
    cuda, why = cuda_status(device)
    machine_env = env if cuda else {**env, "gpu": None}
    ctx = Context(cuda=cuda, why_no_cuda=why, quick=quick, machine=machine_summary(machine_env))
    ctx.deadline = None if time_limit is None else started + time_limit
    ctx.ceilings.update(ceilings or {})
    if console is not None:
        ctx.console = console
    results: list[Result] = []
    try:
        with _sigterm_interrupts():
            for index, name in enumerate(names):
                if index and ctx.out_of_time():  # the first always runs, as a sweep's first point
                    ctx.console.print(f"[yellow]skipped {name}: the time limit was reached[/]")
                    continue
                module = load(name)
                params = module.Params.quick() if quick else module.Params.full()
                ctx.console.print(f"[dim]running {name}...[/]")  # no spinner: one live display
                ctx.current = None
                try:
                    result = module.run(ctx, params)
                except BaseException as err:  # keep what was complete, then stop as asked
                    if ctx.current is not None and on_result is not None:
                        why = (
                            "cut off before the end"
                            if isinstance(err, KeyboardInterrupt)
                            else f"failed ({type(err).__name__}: {err})"[:300]
                        )
                        ctx.current.warnings.append(
                            f"{why}: only the tables that were complete are kept"
                        )
                        on_result(env, [*results, ctx.current])
                    raise
                results.append(result)
                if on_result is not None:
                    on_result(env, results)
            if results:
                _recheck(ctx, results)
    finally:
        torch.set_num_threads(previous_threads)
    for result in results:
        result.warnings += _flag_warnings(result)
    return env, results, ctx


def _recheck(ctx: Context, results: list[Result]) -> None:
    from torch101.bench import ceilings

    def measure(name: str) -> Any:
        ctx.console.print(f"[dim]measuring ceiling again: {name}[/]")
        return ceilings.measure(name, quick=ctx.quick)

    again = recheck_ceilings(results, ctx.ceilings, measure)
    for result in results:
        if any(name in result.ceilings for name in again):
            result.values["ceilings measured again"] = [n for n in again if n in result.ceilings]


def _flag_warnings(result: Result) -> list[str]:
    """One warning per experiment that has flagged rows, with the kinds of flag."""
    rows = flagged_rows(result)
    if not rows:
        return []
    kinds = sorted(
        {
            str(f).split(" (")[0].split(":")[0].rstrip("0123456789% ")
            for row in rows
            for f in row["flags"]
        }
    )
    return [
        f"{len(rows)} row{'s' * (len(rows) > 1)} flagged ({', '.join(kinds)}): the marked "
        "numbers are not to be trusted as measured"
    ]


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a `timeout` killing the run) raises KeyboardInterrupt, so results are saved."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    old = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def save_results(
    path: str | Path,
    env: dict[str, Any],
    results: Sequence[Result],
    *,
    quick: bool,
    argv: Sequence[str] = (),
) -> dict[str, Any]:
    from torch101 import __version__

    doc = {
        "tool": "torch101 bench",
        "version": __version__,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "argv": list(argv),
        "quick": quick,
        "environment": env,
        "notice": busy_notice(results),
        "results": [r.to_dict() for r in results],
    }
    write_atomic(path, json.dumps(doc, indent=1))
    return doc


def write_atomic(path: str | Path, text: str) -> None:
    """Write a file so that a reader (or a kill mid-write) sees the old or the new whole file."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def saved_ceilings(results: Sequence[Result]) -> dict[str, Ceiling]:
    """The ceilings of saved results, the best value of each (runs of one machine only)."""
    best: dict[str, Ceiling] = {}
    for result in results:
        for name, c in result.ceilings.items():
            if name not in best or c.value > best[name].value:
                best[name] = c
    return best


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
