"""`torch101 solution`: export the reference as a standalone pytorch101.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from torch101.reference.templates import add_template_argument

HELP = "Write the reference solution as a standalone pytorch101.py for a template."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_template_argument(parser)
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write here (its folder is created) instead of stdout; an existing FILE is kept unless --force (it may be a student's own pytorch101.py)",
    )
    parser.add_argument("--force", action="store_true", help="with --out: replace FILE if it exists")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from torch101._cli import fail
    from torch101.reference.export import write_solution

    force = getattr(args, "force", False)
    if force and args.out is None:
        return fail("solution", "--force only applies with --out FILE (stdout is never refused)")
    if args.out is not None:
        if Path(args.out).exists() and not Path(args.out).is_dir() and not force:
            return fail("solution", f"--out {args.out}: the file exists (maybe your own pytorch101.py); choose another name, or add --force to replace it")  # fmt: skip
        try:
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            write_solution(args.template, args.out)
        except OSError as exc:  # a folder given as FILE, no permission, a file in the way
            return fail("solution", f"cannot write {args.out}: {exc.strerror or exc}")
        print(f"wrote {args.out} ({args.template} template)", file=sys.stderr)
        return 0
    sys.stdout.write(write_solution(args.template))
    return 0
