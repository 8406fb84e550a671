"""The `torch101` command: one sub-command per room (reference, tour, grader, bench).

Each room owns a `cli` module with `HELP`, `add_arguments(parser)` and `run(args) -> int`.
Those modules import torch only inside `run`, so `torch101 --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "start": "torch101.reference.start",
    "grade": "torch101.grader.cli",
    "tour": "torch101.tour.cli",
    "bench": "torch101.bench.cli",
    "solution": "torch101.reference.cli",
}


EPILOG = """\
examples:
  torch101 start                            a blank pytorch101.py to fill in
  torch101 grade --watch pytorch101.py      re-grade it on every save
  torch101 grade path/to/pytorch101.py      grade a file (or a folder or .zip)
  torch101 grade submissions/ --out g.csv   grade a whole class
  torch101 tour --list                      the notebook's sections, to read
  torch101 bench --quick                    the notebook's timings, done right
  torch101 solution --out reference.py      the reference solution

'torch101 COMMAND --help' gives each command's options."""


def build_parser() -> argparse.ArgumentParser:
    from torch101 import __version__  # the package's __init__ imports no torch

    parser = argparse.ArgumentParser(
        prog="torch101",
        description="Learn, teach and grade the PyTorch 101 assignment (EECS 498/598 A1).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"torch101 {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def fail(command: str, message: str) -> int:
    """Print a usage error as argparse does (`torch101 COMMAND: error: ...`); return exit code 2.

    Every command reports bad input through here, so scripts can match one prefix.
    """
    print(f"torch101 {command}: error: {message}", file=sys.stderr)
    return 2


def prepare_output(option: str, path: str) -> str | None:
    """Make sure an output file can be written before the slow part; why not, or None.

    Creates the file's folder and writes (then removes) a probe file in it, since the outputs
    are written to a temporary file there and renamed. Shared by the commands that measure or
    grade first and write last (bench, grade).
    """
    import os
    import tempfile
    from pathlib import Path

    target = Path(path)
    if target.is_dir():
        return f"{option} {path}: that is a folder; give a file name"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"{option} {path}: cannot create its folder: {exc.strerror or exc}"
    try:
        fd, probe = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"{option} {path}: cannot write in {target.parent}: {exc.strerror or exc}"
    if target.exists() and not os.access(target, os.W_OK):
        return f"{option} {path}: the file exists and is read-only"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
