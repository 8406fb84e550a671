"""Results of one grading: per function a status, a score and messages; the total; and three
views of it: a rich table for the terminal, JSON for other tools, HTML for Jupyter.

The JSON keys `template`, `functions[].{name, status, score, max_score, messages}`, `score` and
`max_score` are a contract other tools rely on; more keys may be added, none removed.
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FunctionResult", "GradeResult", "headline", "learn_line"]

PASSING = ("pass", "skipped")
_STYLE = {
    "pass": "green",
    "partial": "yellow",
    "fail": "red",
    "error": "red",
    "timeout": "magenta",
    "not_implemented": "dim",
    "skipped": "cyan",
}


@dataclass
class FunctionResult:
    name: str
    status: str
    score: float
    max_score: float
    messages: list[str] = field(default_factory=list)
    cases_run: int = 0
    cases_passed: int = 0
    summary: str = ""  # the result in a few words (the table's last column)
    tour: str = ""  # the tour section that teaches what it needs (`torch101 tour {tour}`)
    lesson: str = ""  # for a recognised mistake, one sentence on the idea behind the fix


@dataclass
class GradeResult:
    template: str
    functions: list[FunctionResult]
    submission: str = ""
    seed: int = 0
    notes: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    is_reference: bool = False
    review: list[str] = field(default_factory=list)  # why a person should look at the file

    @property
    def score(self) -> float:
        return round(sum(f.score for f in self.functions), 6)

    @property
    def max_score(self) -> float:
        return round(sum(f.max_score for f in self.functions), 6)

    @property
    def passed(self) -> bool:
        return all(f.status in PASSING for f in self.functions)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def __getitem__(self, name: str) -> FunctionResult:
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(
            f"GradeResult: no function {name!r}; graded: {', '.join(f.name for f in self.functions)}"
        )

    # views ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "functions": [asdict(f) for f in self.functions],
            "score": self.score,
            "max_score": self.max_score,
            "submission": self.submission,
            "seed": self.seed,
            "notes": list(self.notes),
            "duration_s": round(self.duration_s, 3),
            "review": list(self.review),
        }

    def to_json(self, path: str | Path | None = None) -> str:
        text = json.dumps(self.to_dict(), indent=2)
        if path is not None:
            Path(path).write_text(text + "\n")
        return text

    def __rich_console__(self, console, options):
        """One line per function, then the details of every function that did not pass.

        Wide terminals get each function's result in short at the end of its line; narrow ones
        (80 columns) get it on a line of its own under the function, for those that did not pass.
        """
        from rich.console import Group
        from rich.padding import Padding
        from rich.table import Table
        from rich.text import Text

        width = options.max_width
        scores = [f"{f.score:g} / {f.max_score:g}" for f in self.functions]
        names = max([len("function"), *(len(f.name) for f in self.functions)])
        statuses = max([len("status"), *(len(f.status) for f in self.functions)])
        points = max([len("score"), *map(len, scores)])
        fixed = names + statuses + points + 6
        wide = width - fixed - 3 >= 40

        def row(name: str, status: Text | str, score: str, short: str = "") -> Text:
            line = Text(" ")
            line.append(name.ljust(names) + "   ")
            line.append_text(status if isinstance(status, Text) else Text(status))
            line.append(" " * (statuses - len(status) + 3) + score.rjust(points))
            if short:
                line.append("   " + _clip(short, width - fixed - 4), style="dim")
            return line

        parts: list[Any] = [
            Text(f"{self.submission} (graded as the {self.template} template)", style="italic"),
            Text(""),
            row("function", "status", "score", "in short" if wide else ""),
            Text(" " + "─" * (min(width, 120) - 2 if wide else fixed), style="dim"),
        ]
        for f, score in zip(self.functions, scores):
            status = Text(f.status, style=_STYLE.get(f.status, ""))
            short = headline(f)
            parts.append(row(f.name, status, score, short if wide else ""))
            if not wide and f.status not in ("pass", "not_implemented"):
                parts.append(Text("   " + _clip(short, width - 4)))
        parts.append(Text(f"\nTotal: {self.score:g} / {self.max_score:g}", style="bold"))
        parts.append(Text(f"seed {self.seed} (--seed {self.seed} reproduces these cases)", style="dim"))
        missing = [f.name for f in self.functions if f.status == "not_implemented" and len(f.messages) == 1]  # fmt: skip
        if missing:  # one line for all of them: nothing more to say about each
            parts.append(Text(f"\nnot implemented yet: {', '.join(missing)}", style="dim"))
            first = self[missing[0]]
            if first.tour:
                parts.append(Text(f"to start {first.name}: torch101 tour {first.tour}", style="cyan"))  # fmt: skip
        not_run = [f.name for f in self.functions if f.summary == "not run: the file cannot be imported"]  # fmt: skip
        if not_run:  # the import error itself is in the notes, once
            parts.append(Text(f"\nnot run (the file cannot be imported; see the note below): {', '.join(not_run)}", style="dim"))  # fmt: skip
            missing += not_run
        for f in self.functions:
            if f.status in PASSING or f.name in missing:
                continue
            head = Text(f"\n{f.name}: ", style="bold")
            head.append(f.status, style=_STYLE.get(f.status, ""))
            head.append(f" ({f.score:g} / {f.max_score:g})")
            items = Table.grid(padding=(0, 1))
            items.add_column(no_wrap=True)
            items.add_column(overflow="fold")
            for message in f.messages:
                items.add_row("-", Text(message))  # plain text: "[nan, nan]" is not markup
            if f.tour or f.lesson:
                items.add_row("-", Text(learn_line(f), style="cyan"))
            parts += [head, Padding(items, (0, 0, 0, 2))]
        if self.notes:
            parts.append(Text(""))
        parts += [Text(f"note: {n}", style="dim") for n in self.notes]
        parts += [Text(f"\n{_REVIEW}", style="bold yellow")] if self.review else []
        parts += [Text(f"  - {r}") for r in self.review]
        yield Group(*parts)

    def _repr_html_(self) -> str:
        rows = []
        for f in self.functions:
            colour = {"pass": "#1a7f37", "partial": "#9a6700", "skipped": "#0969da"}.get(
                f.status, "#cf222e"
            )
            items = "".join(f"<li>{html.escape(m)}</li>" for m in f.messages)
            if f.status not in PASSING and learn_line(f):
                items += f"<li><i>{html.escape(learn_line(f))}</i></li>"
            rows.append(
                f"<tr><td><code>{html.escape(f.name)}</code></td>"
                f'<td style="color:{colour};font-weight:bold">{html.escape(f.status)}</td>'
                f"<td>{f.score:g} / {f.max_score:g}</td>"
                f'<td style="text-align:left"><ul style="margin:0">{items}</ul></td></tr>'
            )
        notes = "".join(f"<p><small>note: {html.escape(n)}</small></p>" for n in self.notes)
        if self.review:
            items = "".join(f"<li>{html.escape(r)}</li>" for r in self.review)
            notes += f"<p><b>{html.escape(_REVIEW)}</b></p><ul>{items}</ul>"
        return (
            f"<p><b>{html.escape(self.submission)}</b> "
            f"(graded as the {html.escape(self.template)} template)</p>"
            "<table><thead><tr><th>function</th><th>status</th><th>score</th>"
            '<th style="text-align:left">messages</th></tr></thead><tbody>'
            + "".join(rows)
            + f"</tbody></table><p><b>Total: {self.score:g} / {self.max_score:g}</b> "
            f"(seed {self.seed}: --seed {self.seed} reproduces these cases)</p>{notes}"
        )

    def to_html_page(self) -> str:
        """A standalone HTML page of the same table (`torch101 grade --html FILE`)."""
        title = html.escape(f"torch101 grade: {self.submission}")
        style = (
            "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
            "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3em .6em;"
            "vertical-align:top}"
        )
        return (
            f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{style}</style></head><body>{self._repr_html_()}</body></html>\n"
        )

    def __repr__(self) -> str:
        return (
            f"<GradeResult {self.template} {self.score:g}/{self.max_score:g}: "
            + ", ".join(f"{f.name}={f.status}" for f in self.functions)
            + ">"
        )


_REVIEW = "flagged for review: the file uses what a submission may not use"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def learn_line(f: FunctionResult) -> str:
    """'learn: torch101 tour broadcasting (the idea behind the fix)', or '' with no section."""
    parts = [f"torch101 tour {f.tour}" if f.tour else "", f.lesson]
    shown = "; ".join(part for part in parts if part)
    return f"learn: {shown}" if shown else ""


def headline(f: FunctionResult) -> str:
    """A function's result in one short line: the table's last column (the details follow it).

    When the values are right but a rule is broken, the first broken rule, not "right on all".
    """
    if f.summary:
        return f.summary
    messages = list(f.messages)
    if f.status not in PASSING and messages and messages[0].startswith("right on all"):
        rules = [m for m in messages[1:] if not m.startswith("breaks the rule")]
        messages = rules or messages
    return messages[0] if messages else ""
