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
  torch101 tour --next                   the section after the one you saw last
  torch101 tour matrix broadcasting      just these sections
  torch101 tour --list                   section names and what each covers
  torch101 tour --notebook tour.ipynb    the same sections as a Jupyter notebook

On a terminal the output goes through a pager (less; TORCH101_PAGER or PAGER choose another,
'' or 'cat' none); --no-pager or a pipe write it straight out. Output is plain text when piped
or when NO_COLOR is set; FORCE_COLOR forces colour."""


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
    action.add_argument(
        "--next",
        action="store_true",
        help="show the section after the last one shown (the first, the first time)",
    )
    parser.add_argument("--plain", action="store_true", help="plain text even on a colour terminal")
    parser.add_argument(
        "--no-pager", action="store_true", help="write straight to the terminal, without a pager"
    )


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
    from torch101._cli import fail
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


def _show(sections: tuple[Section, ...], *, plain: bool, no_pager: bool = False) -> int:
    from torch101.tour.pager import paged, pager_command
    from torch101.tour.runner import run_section
    from torch101.tour.terminal import make_renderer, wants_plain

    plain = plain or wants_plain(sys.stdout)  # decided by the terminal, not the pager's pipe
    failed = 0
    with paged(pager_command(sys.stdout, no_pager=no_pager)) as out:
        renderer = make_renderer(plain=plain, stream=out)
        for position, section in enumerate(sections, start=1):
            renderer.section(section, position, len(sections))
            for number, result in enumerate(run_section(section), start=1):
                renderer.step(number, result)
                failed += result.error is not None
            _remember(section.name)
    if failed:
        print(
            f"torch101 tour: {failed} step(s) failed; this is a bug, please report it",
            file=sys.stderr,
        )
        return 1
    return 0


def _remember(name: str) -> None:
    from torch101.tour.progress import remember

    try:
        remember(name)
    except OSError as exc:  # a read-only home: the tour still works, --next forgets
        print(f"torch101 tour: cannot record where you stopped: {exc}", file=sys.stderr)


def _next() -> tuple[Section, ...] | None:
    """The section after the last one shown; None (and the progress reset) after the last."""
    from torch101.tour.progress import following, forget, last_seen

    last = last_seen()
    section = following(last)
    if section is None:
        forget()
        print(
            f"You have seen every section (the last was {last}). "
            "'torch101 tour --next' starts again from the first; 'torch101 tour --list' lists them.",
            file=sys.stderr,
        )
        return None
    return (section,)


def _after(name: str) -> str:
    from torch101.tour.progress import following

    upcoming = following(name)
    if upcoming is None:
        return "That was the last section."
    return f"next time: torch101 tour --next   ({upcoming.name}: {upcoming.summary})"


def run(args: argparse.Namespace) -> int:
    from torch101._cli import fail
    from torch101.tour.sections import select

    message = _unknown_section_message(args.sections)
    if message:
        return fail("tour", message)
    if getattr(args, "next", False) and args.sections:
        return fail("tour", f"--next picks the section itself; drop {' '.join(args.sections)} or --next")  # fmt: skip
    try:
        if args.list:
            _print_list(select(args.sections))
            return 0
        if args.notebook:
            return _write_notebook(args.notebook, select(args.sections))
        sections = _next() if getattr(args, "next", False) else select(args.sections)
        if sections is None:
            return 0
        code = _show(sections, plain=args.plain, no_pager=getattr(args, "no_pager", False))
        if getattr(args, "next", False):
            print(_after(sections[-1].name), file=sys.stderr)
        return code
    except BrokenPipeError:
        # `torch101 tour | head`: the reader left; stop quietly instead of a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
