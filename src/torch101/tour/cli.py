"""`torch101 tour`: the notebook's examples, run live, in the terminal or as a notebook."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch101.tour.model import Section

HELP = "Walk through the notebook's examples live: code, real output, what to notice."

EPILOG = """\
examples:
  torch101 tour                          every section, in notebook order
  torch101 tour matrix broadcasting      just these sections
  torch101 tour --list                   section names and what each covers
  torch101 tour --notebook tour.ipynb    the same sections as a Jupyter notebook

Output is plain text when piped or when NO_COLOR is set; FORCE_COLOR forces colour."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "sections", nargs="*", metavar="SECTION", help="sections to show (default: all); see --list"
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--list", action="store_true", help="list the sections with a one-line description"
    )
    action.add_argument(
        "--notebook", metavar="FILE", help="write the sections to a Jupyter notebook instead (a generated file: an existing FILE is replaced)"
    )
    parser.add_argument("--plain", action="store_true", help="plain text even on a colour terminal")


def _unknown_section_message(names: list[str]) -> str | None:
    from torch101.tour.sections import normalize_name, section_names, suggest

    valid = section_names()
    unknown = [name for name in names if normalize_name(name) not in valid]
    if not unknown:
        return None
    lines = []
    for name in unknown:
        hint = suggest(name)
        lines.append(f"unknown section {name!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
    lines.append("valid sections: " + ", ".join(valid))
    lines.append("run 'torch101 tour --list' to see what each one covers")
    return "\n".join(lines)


def _print_list(sections: tuple[Section, ...]) -> None:
    width = max(len(section.name) for section in sections)
    group = None
    for section in sections:
        if section.group != group:
            group = section.group
            print(group)
        print(f"  {section.name:<{width}}  {section.summary}")


def _write_notebook(path: str, sections: tuple[Section, ...]) -> int:
    from torch101.cli import fail
    from torch101.tour.notebook import write_notebook

    try:  # like every torch101 output: create the folder, refuse with exit 2 if impossible
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        notebook = write_notebook(path, sections)
    except OSError as exc:
        return fail("tour", f"cannot write {path}: {exc.strerror or exc}")
    count = f"{len(sections)} section{'s' * (len(sections) > 1)}"
    print(
        f"wrote {path}: {count}, {len(notebook.cells)} cells "
        "(open it in Jupyter and run all cells)",
        file=sys.stderr,
    )
    return 0


def _show(sections: tuple[Section, ...], *, plain: bool) -> int:
    from torch101.tour.runner import run_section
    from torch101.tour.terminal import make_renderer

    renderer = make_renderer(plain=True if plain else None)
    failed = 0
    for position, section in enumerate(sections, start=1):
        renderer.section(section, position, len(sections))
        for number, result in enumerate(run_section(section), start=1):
            renderer.step(number, result)
            failed += result.error is not None
    if failed:
        print(
            f"torch101 tour: {failed} step(s) failed; this is a bug, please report it",
            file=sys.stderr,
        )
        return 1
    return 0


def run(args: argparse.Namespace) -> int:
    from torch101.cli import fail
    from torch101.tour.sections import select

    message = _unknown_section_message(args.sections)
    if message:
        return fail("tour", message)
    sections = select(args.sections)
    try:
        if args.list:
            _print_list(sections)
            return 0
        if args.notebook:
            return _write_notebook(args.notebook, sections)
        return _show(sections, plain=args.plain)
    except BrokenPipeError:
        # `torch101 tour | head`: the reader left; stop quietly instead of a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
