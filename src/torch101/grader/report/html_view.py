"""The HTML report: the table Jupyter shows for a GradeResult, and a standalone page of it."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from torch101.grader.report.result import PASSING, REVIEW, learn_line

if TYPE_CHECKING:
    from torch101.grader.report.result import GradeResult

__all__ = ["page", "table"]


def table(result: GradeResult) -> str:
    """The table with its messages, the total and the notes (`GradeResult._repr_html_`)."""
    rows = []
    for f in result.functions:
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
    notes = "".join(f"<p><small>note: {html.escape(n)}</small></p>" for n in result.notes)
    if result.review:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in result.review)
        notes += f"<p><b>{html.escape(REVIEW)}</b></p><ul>{items}</ul>"
    return (
        f"<p><b>{html.escape(result.submission)}</b> "
        f"(graded as the {html.escape(result.template)} template)</p>"
        "<table><thead><tr><th>function</th><th>status</th><th>score</th>"
        '<th style="text-align:left">messages</th></tr></thead><tbody>'
        + "".join(rows)
        + f"</tbody></table><p><b>Total: {result.score:g} / {result.max_score:g}</b> "
        f"(seed {result.seed}: --seed {result.seed} reproduces these cases)</p>{notes}"
    )


def page(result: GradeResult) -> str:
    """A standalone HTML page of the same table (`torch101 grade --html FILE`)."""
    title = html.escape(f"torch101 grade: {result.submission}")
    style = (
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
        "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3em .6em;"
        "vertical-align:top}"
    )
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body>{table(result)}</body></html>\n"
    )
