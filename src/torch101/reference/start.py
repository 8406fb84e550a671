"""`torch101 start`: write a blank pytorch101.py to work through, one function at a time."""

from __future__ import annotations

import argparse
import sys

from torch101.reference.templates import add_template_argument

HELP = "Write a blank pytorch101.py to work through: every function, its rules, a stub."

EPILOG = """\
examples:
  torch101 start                          ./pytorch101.py, the Winter 2022 template
  torch101 start --template 2020 --out a1/pytorch101.py
then:
  torch101 grade --watch pytorch101.py    re-grades on every save"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add_template_argument(parser)
    parser.add_argument(
        "--out",
        metavar="FILE",
        default="pytorch101.py",
        help="where to write it (default: pytorch101.py here; its folder is created; '-': stdout)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite FILE if it exists (your work in it is lost)"
    )


def run(args: argparse.Namespace) -> int:
    from torch101._cli import fail
    from torch101.reference.blank import BlankExistsError, blank_source, write_blank

    if args.out == "-":
        sys.stdout.write(blank_source(args.template))
        return 0
    try:
        path = write_blank(args.out, args.template, force=args.force)
    except (BlankExistsError, IsADirectoryError) as exc:
        return fail("start", f"--out: {exc}")
    except OSError as exc:  # a folder given as FILE, no permission, a file in the way
        return fail("start", f"--out: cannot write {args.out}: {exc.strerror or exc}")
    print(
        f"wrote {path} (the {args.template} template, every function still to write)\n"
        f"next: open it, then run   torch101 grade --watch {path}\n"
        "      and when a function fails, the table names the tour section that teaches it",
        file=sys.stderr,
    )
    return 0
