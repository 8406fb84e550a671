"""Render results as Markdown (for docs/benchmarks.md): the same tables as the console."""

from __future__ import annotations

from collections.abc import Sequence

from torch101.bench.report import busy_notice, format_cell, row_texts, visible_columns
from torch101.bench.results import Ceiling, Result, Table

__all__ = ["to_markdown"]


def _table(table: Table) -> list[str]:
    columns = visible_columns(table)
    lines = [f"**{table.title}**", ""]
    lines.append("| " + " | ".join(c.header for c in columns) + " |")
    lines.append("|" + "|".join("---" if c.fmt == "text" else "---:" for c in columns) + "|")
    for texts in row_texts(table):
        lines.append("| " + " | ".join(t.replace("|", "\\|") for t in texts) + " |")
    if table.note:
        lines += ["", f"*{table.note}*"]
    return [*lines, ""]


def _mark(c: Ceiling) -> str:
    from torch101.bench.checks import timing_flags

    reasons = timing_flags(c.timing) if c.timing else []
    return f"! ({'; '.join(reasons)})" if reasons else ""


def to_markdown(results: Sequence[Result], *, level: int = 3) -> str:
    """One section per result: machine, tables, ceilings, skipped parts, warnings, verdict."""
    notice = busy_notice(results)
    out: list[str] = [f"**{notice}**", ""] if notice else []
    for r in results:
        out += [f"{'#' * level} {r.name}: {r.title}", "", f"Machine: {r.machine}", ""]
        for table in r.tables:
            out += _table(table)
        if r.ceilings:  # a ceiling measured while disturbed is marked "!" with the reason
            out += ["Ceilings measured in the same run: " + "; ".join(
                f"{c.name} {format_cell(c.value, 'num')}{_mark(c)} {c.unit}"
                for c in r.ceilings.values()
            ) + ".", ""]  # fmt: skip
        out += [f"- skipped: {s}" for s in r.skipped] + ([""] if r.skipped else [])
        out += [f"- **warning**: {w}" for w in r.warnings] + ([""] if r.warnings else [])
        if r.verdict:
            out += [f"> {r.verdict}", ""]
    return "\n".join(out)
