"""The terminal report: a rich table of one grading, then the details of what did not pass.

Wide terminals get each function's result in short at the end of its line; narrow ones
(80 columns) get it on a line of its own under the function, for those that did not pass.
`GradeResult.__rich_console__` draws it, so `rich.print(result)` shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from torch101.grader.report.result import PASSING, REVIEW, headline, learn_line

if TYPE_CHECKING:
    from torch101.grader.report.result import GradeResult

__all__ = ["STYLE", "clip", "render"]

STYLE = {
    "pass": "green",
    "partial": "yellow",
    "fail": "red",
    "error": "red",
    "timeout": "magenta",
    "not_implemented": "dim",
    "skipped": "cyan",
}


def clip(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def render(result: GradeResult, width: int) -> Group:
    """One line per function, then the details of every function that did not pass."""
    scores = [f"{f.score:g} / {f.max_score:g}" for f in result.functions]
    names = max([len("function"), *(len(f.name) for f in result.functions)])
    statuses = max([len("status"), *(len(f.status) for f in result.functions)])
    points = max([len("score"), *map(len, scores)])
    fixed = names + statuses + points + 6
    wide = width - fixed - 3 >= 40

    def row(name: str, status: Text | str, score: str, short: str = "") -> Text:
        line = Text(" ")
        line.append(name.ljust(names) + "   ")
        line.append_text(status if isinstance(status, Text) else Text(status))
        line.append(" " * (statuses - len(status) + 3) + score.rjust(points))
        if short:
            line.append("   " + clip(short, width - fixed - 4), style="dim")
        return line

    parts: list[Any] = [
        Text(f"{result.submission} (graded as the {result.template} template)", style="italic"),
        Text(""),
        row("function", "status", "score", "in short" if wide else ""),
        Text(" " + "─" * (min(width, 120) - 2 if wide else fixed), style="dim"),
    ]
    for f, score in zip(result.functions, scores):
        status = Text(f.status, style=STYLE.get(f.status, ""))
        short = headline(f)
        parts.append(row(f.name, status, score, short if wide else ""))
        if not wide and f.status not in ("pass", "not_implemented"):
            parts.append(Text("   " + clip(short, width - 4)))
    parts.append(Text(f"\nTotal: {result.score:g} / {result.max_score:g}", style="bold"))
    parts.append(Text(f"seed {result.seed} (--seed {result.seed} reproduces these cases)", style="dim"))  # fmt: skip
    missing = [f.name for f in result.functions if f.status == "not_implemented" and len(f.messages) == 1]  # fmt: skip
    if missing:  # one line for all of them: nothing more to say about each
        parts.append(Text(f"\nnot implemented yet: {', '.join(missing)}", style="dim"))
        first = result[missing[0]]
        if first.tour:
            parts.append(Text(f"to start {first.name}: torch101 tour {first.tour}", style="cyan"))  # fmt: skip
    not_run = [f.name for f in result.functions if f.summary == "not run: the file cannot be imported"]  # fmt: skip
    if not_run:  # the import error itself is in the notes, once
        parts.append(Text(f"\nnot run (the file cannot be imported; see the note below): {', '.join(not_run)}", style="dim"))  # fmt: skip
        missing += not_run
    for f in result.functions:
        if f.status in PASSING or f.name in missing:
            continue
        head = Text(f"\n{f.name}: ", style="bold")
        head.append(f.status, style=STYLE.get(f.status, ""))
        head.append(f" ({f.score:g} / {f.max_score:g})")
        items = Table.grid(padding=(0, 1))
        items.add_column(no_wrap=True)
        items.add_column(overflow="fold")
        for message in f.messages:
            items.add_row("-", Text(message))  # plain text: "[nan, nan]" is not markup
        if f.tour or f.lesson:
            items.add_row("-", Text(learn_line(f), style="cyan"))
        parts += [head, Padding(items, (0, 0, 0, 2))]
    if result.notes:
        parts.append(Text(""))
    parts += [Text(f"note: {n}", style="dim") for n in result.notes]
    parts += [Text(f"\n{REVIEW}", style="bold yellow")] if result.review else []
    parts += [Text(f"  - {r}") for r in result.review]
    return Group(*parts)
