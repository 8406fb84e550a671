"""The watch view: what `torch101 grade --watch` draws after each save.

One compact line per function (status and the first failing case in a few words), the progress
("14 of 19 pass; next: ..."), where to learn what the next function needs, and a status line.
Or, while the file does not parse, the syntax error's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from torch101.grader.report.result import PASSING, FunctionResult, headline
from torch101.grader.report.terminal_view import STYLE, clip

__all__ = ["Frame", "next_up", "progress", "render"]


@dataclass
class Frame:
    """Everything one redraw shows."""

    shown: str  # the file, as the learner named it
    template: str
    results: Sequence[FunctionResult]  # in file order
    stale: frozenset[str] = frozenset()  # names whose result predates this save (re-checking)
    status: str = ""  # "graded reshape_practice in 0.3 s; checking the other 18..."
    error: str = ""  # a syntax error: the table is replaced by it until the next save parses
    notes: list[str] = field(default_factory=list)  # the grading's notes (an import failure...)
    focus: str = ""  # the function the last save changed: its lesson first, while it fails


def next_up(results: Sequence[FunctionResult]) -> FunctionResult | None:
    """The first function, in file order, that does not pass yet."""
    return next((f for f in results if f.status not in PASSING), None)


def progress(results: Sequence[FunctionResult]) -> str:
    """'14 of 19 pass; next: reshape_practice', or 'all 19 pass' (skipped counts as passing)."""
    passing = sum(f.status in PASSING for f in results)
    following = next_up(results)
    if following is None:
        return f"all {len(results)} pass"
    return f"{passing} of {len(results)} pass; next: {following.name}"


def _about(frame: Frame) -> FunctionResult | None:
    """Whose lesson to show: the function just edited while it fails, else the next one."""
    focus = next((f for f in frame.results if f.name == frame.focus), None)
    if focus is not None and focus.status not in PASSING and focus.name not in frame.stale:
        return focus
    return next_up(frame.results)


def _short(f: FunctionResult) -> str:
    """The table's headline, shorter: '11 of 11 cases failed: x' -> '11/11 failed: x'."""
    return re.sub(r"^(\d+) of (\d+) cases failed: ", r"\1/\2 failed: ", headline(f))


def render(frame: Frame, width: int = 100) -> RenderableType:
    head = Text(f"{frame.shown} ", style="bold")
    head.append(f"({frame.template} template)", style="dim")
    if frame.error:
        body = Text(frame.error, style="red")
        wait = Text("fix it and save: the table comes back with the next save that parses", style="dim")  # fmt: skip
        return Group(head, Text(""), body, Text(""), wait, Text(frame.status, style="dim"))
    names = max([len("function"), *(len(f.name) for f in frame.results)])
    statuses = max(len(s) for s in STYLE)
    lines: list[RenderableType] = [head, Text("")]
    for f in frame.results:
        line = Text(" " + f.name.ljust(names) + "  ")
        stale = f.name in frame.stale
        line.append(f.status.ljust(statuses), style="dim" if stale else STYLE.get(f.status, ""))
        short = "" if f.status in ("pass", "not_implemented") else _short(f)
        if stale:
            short = "re-checking..."
        if short:
            line.append("  " + clip(short, width - names - statuses - 6), style="dim")
        lines.append(line)
    lines.append(Text(""))
    lines.append(Text(progress(frame.results), style="bold"))
    about = _about(frame)
    if about is not None and (about.tour or about.lesson):
        learn = f"learn ({about.name}): " + (f"torch101 tour {about.tour}" if about.tour else "")
        lines.append(Text(learn, style="cyan"))
        if about.lesson:
            lines.append(Padding(Text(about.lesson, style="cyan"), (0, 0, 0, 2)))
    lines += [Text(f"note: {clip(note, 400)}", style="yellow") for note in frame.notes]
    if frame.status:
        lines.append(Text(frame.status, style="dim"))
    return Group(*lines)
