"""Render results as rich tables: one section per experiment, then a one-table summary."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table as RichTable

from torch101.bench.results import Ceiling, Column, Result, Table

__all__ = ["busy_notice", "format_cell", "render", "render_summary", "row_texts", "visible_columns"]

FLAGS = Column("flags", "flags (! = not to be trusted)")


def format_cell(value: Any, fmt: str) -> str:
    """A number as a person reads it, in the column's unit; blanks for missing values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if fmt == "text" or isinstance(value, str):
        return str(value)
    if fmt == "int":
        return f"{int(value)}"
    if fmt == "x":
        return (
            f"{value:.2f}x" if value < 10 else f"{value:.1f}x" if value < 100 else f"{value:.0f}x"
        )
    if fmt == "pct":
        return f"{value:.0f}%"
    if fmt == "sci":
        return f"{value:.1e}"
    if fmt == "ms":
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"  # num, GBps, GFLOPs, TFLOPs


def visible_columns(table: Table) -> list[Column]:
    """The columns with a value in at least one row (GPU columns vanish on a CPU-only run),
    and a flags column when a row is flagged (checks.py)."""
    columns = [
        c for c in table.columns if any(format_cell(r.get(c.key), c.fmt) for r in table.rows)
    ]
    return columns + [FLAGS] if any(r.get("flags") for r in table.rows) else columns


def row_texts(table: Table) -> list[list[str]]:
    """Each row's cells as shown; a suspect cell ends in "!" so it never reads as plain."""
    columns = visible_columns(table)
    out = []
    for row in table.rows:
        suspect = set(row.get("suspect", ()))
        cells = []
        for col in columns:
            text = format_cell(row.get(col.key), col.fmt)
            cells.append(f"{text}!" if text and col.key in suspect else text)
        out.append(cells)
    return out


def _table(table: Table) -> RichTable:
    out = RichTable()  # title and note are printed around it: a table's own wrap to its width
    for col in visible_columns(table):
        out.add_column(col.header, justify="left" if col.fmt == "text" else "right")
    for cells in row_texts(table):
        out.add_row(*cells)
    return out


def busy_notice(results: Sequence[Result]) -> str:
    """One plain sentence for the top of the report when other programs disturbed the run."""
    busy = [
        row
        for r in results
        for table in r.tables
        for row in table.rows
        if any(str(f).startswith("busy") for f in row.get("flags", ()))
    ]
    if not busy:
        return ""
    return (
        f"Other programs kept this machine busy while it measured: {len(busy)} "
        f'row{"s" * (len(busy) > 1)} marked "busy" read slower than on an idle machine, even '
        "after measuring them again. Close other programs, or run with --threads 1."
    )


def _ceilings(ceilings: dict[str, Ceiling]) -> Table:
    table = Table(
        "Ceilings measured in this run",
        [Column("name", "what"), Column("value", "measured", "num"), Column("unit", "unit"),
         Column("how", "how")],
    )  # fmt: skip
    from torch101.bench.checks import flag, timing_flags

    for c in ceilings.values():
        row = {"name": c.name, "value": c.value, "unit": c.unit, "how": c.how}
        flag(row, timing_flags(c.timing) if c.timing else [], "value")
        table.rows.append(row)
    return table


def render(result: Result, console: Console) -> None:
    """One experiment: tables, ceilings used, skipped parts and the verdict."""
    console.rule(f"[bold]{result.name}[/]: {result.title}")
    console.print(f"[dim]machine: {result.machine}[/]")
    for table in [*result.tables, *([_ceilings(result.ceilings)] if result.ceilings else [])]:
        console.print(f"[bold]{table.title}[/]")
        console.print(_table(table))
        if table.note:
            console.print(f"[dim]{table.note}[/]")
    for line in result.skipped:
        console.print(f"[yellow]skipped[/] {line}")
    for line in result.warnings:
        console.print(f"[bold red]warning[/] {line}")
    if result.verdict:
        console.print(Panel(result.verdict, title="verdict", title_align="left"))


def render_summary(results: Sequence[Result], console: Console) -> None:
    """The one table a newcomer reads: each experiment's headline."""
    console.print("[bold]torch101 bench: summary[/]")
    table = RichTable()
    table.add_column("experiment")
    table.add_column("result")
    table.add_column("machine")
    for result in results:
        skipped = len(result.skipped)
        notes = f" [yellow]({skipped} part{'s' * (skipped > 1)} skipped)[/]" if skipped else ""
        flagged = sum(bool(row.get("flags")) for t in result.tables for row in t.rows)
        notes += f" [bold red]({flagged} row{'s' * (flagged > 1)} flagged)[/]" if flagged else ""
        table.add_row(result.name, result.headline + notes, result.machine)
    console.print(table)
