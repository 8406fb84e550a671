"""The records of one grading: per function a status, a score and messages; and the total.

A `GradeResult` shows itself in each format of the report room: a rich table in the terminal
(`terminal_view`), JSON for other tools (`json_view`), HTML in Jupyter or as a page (`html_view`).
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

__all__ = ["PASSING", "REVIEW", "FunctionResult", "GradeResult", "headline", "learn_line"]

PASSING = ("pass", "skipped")  # the statuses that count as passed (in every format)
REVIEW = "flagged for review: the file uses what a submission may not use"


@dataclass
class FunctionResult:
    name: str
    status: str
    score: float
    max_score: float
    _: KW_ONLY
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
    _: KW_ONLY
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

    # views: each format is a module of the report room -------------------------------------
    def to_dict(self) -> dict[str, Any]:
        from torch101.grader.report import json_view

        return json_view.to_dict(self)

    def to_json(self, path: str | Path | None = None) -> str:
        from torch101.grader.report import json_view

        return json_view.to_json(self, path)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The terminal table (`terminal_view.render`), as wide as the console allows."""
        from torch101.grader.report import terminal_view

        yield terminal_view.render(self, options.max_width)

    def _repr_html_(self) -> str:
        from torch101.grader.report import html_view

        return html_view.table(self)

    def to_html_page(self) -> str:
        """A standalone HTML page of the same table (`torch101 grade --html FILE`)."""
        from torch101.grader.report import html_view

        return html_view.page(self)

    def __repr__(self) -> str:
        return (
            f"<GradeResult {self.template} {self.score:g}/{self.max_score:g}: "
            + ", ".join(f"{f.name}={f.status}" for f in self.functions)
            + ">"
        )


def learn_line(f: FunctionResult) -> str:
    """'learn: torch101 tour broadcasting (the idea behind the fix)', or '' with no section."""
    parts = [f"torch101 tour {f.tour}" if f.tour else "", f.lesson]
    shown = "; ".join(part for part in parts if part)
    return f"learn: {shown}" if shown else ""


def headline(f: FunctionResult) -> str:
    """A function's result in one short line: the table's last column (the details follow it).

    The judge sets it where it decides the status; a result built by hand without one shows its
    first message.
    """
    return f.summary or (f.messages[0] if f.messages else "")
