"""`torch101 bench`: the notebook's timing experiments, measured right."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from torch101.bench.experiments import EXPERIMENTS  # no torch import: the help stays fast

HELP = "Time the notebook's CPU-vs-GPU and loop-vs-vectorized experiments properly."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "experiments",
        nargs="*",
        metavar="EXPERIMENT",
        help=f"which to run, in order (default: all): {', '.join(EXPERIMENTS)}",
    )
    parser.add_argument(
        "--device",
        choices=("cpu", "cuda"),
        help="cpu: CPU parts only; cuda: fail unless a GPU is present (default: use what is there)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, few samples (< 60 s on 2 cores)"
    )
    parser.add_argument(
        "--json", metavar="FILE", help="write raw samples, statistics and the environment"
    )
    parser.add_argument(
        "--threads",
        type=_positive_int("--threads"),
        metavar="N",
        help="CPU threads torch uses while measuring (default: torch's default, "
        "torch.get_num_threads(), usually one per core); --threads 1 suffers least from "
        "other programs on a busy machine",
    )
    parser.add_argument(
        "--time-limit",
        type=_positive_float("--time-limit"),
        metavar="SECONDS",
        help="stop sweeps early and start no experiment after this long; with --json the "
        "results are saved after each experiment, and on SIGTERM or Ctrl-C what was complete",
    )
    parser.add_argument(
        "--ceilings",
        metavar="FILE.json",
        help="reuse the ceilings of a saved run on this same machine instead of measuring them "
        "again (the missing ones are measured); one ceiling then means one value in every table",
    )
    parser.add_argument("--plot", metavar="FILE.png", help="draw the sweeps into one PNG")
    parser.add_argument("--markdown", metavar="FILE.md", help="write the tables as Markdown")
    parser.add_argument(
        "--load",
        metavar="FILE.json",
        nargs="+",
        help="render (and with --json, merge) saved results instead of measuring",
    )


def _positive_int(option: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(f"{option} expects a whole number >= 1, got {text!r}")
        return value

    return parse


def _positive_float(option: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = 0.0
        if not value > 0:
            raise argparse.ArgumentTypeError(
                f"{option} expects a number of seconds > 0, got {text!r}"
            )
        return value

    return parse


def _load_problem(path: str, exc: Exception) -> str:
    import json

    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc})"
    if isinstance(exc, KeyError):
        return f"a torch101 bench JSON without {exc}"
    return str(exc).removeprefix(f"{path}: ")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from torch101._cli import fail, prepare_output
    from torch101.bench.report import busy_notice, render, render_summary

    unknown = [e for e in args.experiments if e not in EXPERIMENTS]
    if unknown:
        return fail("bench", f"unknown experiment {', '.join(unknown)}; choose from {', '.join(EXPERIMENTS)}")  # fmt: skip
    for option, target in (("--json", args.json), ("--plot", args.plot), ("--markdown", args.markdown)):  # fmt: skip
        problem = target and prepare_output(option, target)
        if problem:  # found now, not after a minute of measuring
            return fail("bench", problem)
    # A terminal or COLUMNS sets the width (rich reads both); files and pipes get 120.
    console = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 120)
    if args.load:
        from torch101.bench.run import load_results

        env, results = {}, []
        for path in args.load:  # one at a time, to name the file that is wrong
            try:
                file_env, file_results = load_results([path])
            except (OSError, ValueError, KeyError) as exc:  # missing, not JSON, not ours
                return fail("bench", f"--load {path}: {_load_problem(path, exc)}")
            env, results = env or file_env, results + file_results
        if args.experiments:
            results = [r for r in results if r.name in args.experiments]
    else:
        from torch101.bench.context import cuda_status
        from torch101.bench.run import run_experiments, save_results

        if args.device == "cuda":
            ok, why = cuda_status("cuda")
            if not ok:
                return fail("bench", f"--device cuda, but {why}")

        known = {}
        if args.ceilings:
            from torch101.bench.run import load_results, saved_ceilings

            try:
                known = saved_ceilings(load_results([args.ceilings])[1])
            except (OSError, ValueError, KeyError) as exc:
                return fail("bench", f"--ceilings {args.ceilings}: {_load_problem(args.ceilings, exc)}")  # fmt: skip

        def checkpoint(env: dict, partial: list) -> None:  # a run cut short keeps what finished
            if args.json:
                save_results(args.json, env, partial, quick=args.quick, argv=sys.argv[1:])

        try:
            env, results, _ = run_experiments(
                args.experiments or EXPERIMENTS,
                device=args.device,
                quick=args.quick,
                threads=args.threads,
                time_limit=args.time_limit,
                on_result=checkpoint,
                ceilings=known,
            )
        except KeyboardInterrupt:
            saved = f"; what was complete is in {args.json}" if args.json else ""
            console.print(f"[bold red]interrupted[/]{saved}")
            return 130
    notice = busy_notice(results)
    if notice:  # one plain sentence above the tables
        console.print(f"[bold red]{notice}[/]")
    for result in results:
        render(result, console)
    render_summary(results, console)
    if args.json:
        from torch101.bench.run import save_results

        save_results(args.json, env, results, quick=args.quick, argv=sys.argv[1:])
        console.print(f"wrote {args.json}")
    if args.markdown:
        from pathlib import Path

        from torch101.bench.markdown import to_markdown

        Path(args.markdown).write_text(to_markdown(results))
        console.print(f"wrote {args.markdown}")
    if args.plot:
        from torch101.bench.plot import plot_results

        drawn = plot_results(results, args.plot)
        console.print(f"wrote {args.plot} ({len(drawn)} plots)" if drawn else "no sweeps to plot")
    return 0
