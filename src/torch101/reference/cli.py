"""`torch101 solution`: export the reference as a standalone pytorch101.py."""

from __future__ import annotations

import argparse
import sys

HELP = "Write the reference solution as a standalone pytorch101.py for a template."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--template", choices=("2020", "2022"), default="2022")
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    from torch101.reference.export import write_solution

    source = write_solution(args.template, args.out)
    if args.out is None:
        sys.stdout.write(source)
    else:
        print(f"wrote {args.out} ({args.template} template)", file=sys.stderr)
    return 0
