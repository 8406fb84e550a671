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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
