"""Draw every plot of a run into one PNG (matplotlib's object API: no pyplot, no GUI backend)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from torch101.bench.results import Plot, Result

__all__ = ["plot_results"]


def plot_results(results: Sequence[Result], path: str | Path, *, columns: int = 2) -> list[str]:
    """Write the plots of `results` to `path` as a grid; return the titles drawn ([] if none)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    plots: list[tuple[str, Plot]] = [(r.machine, p) for r in results for p in r.plots]
    if not plots:
        return []
    columns = min(columns, len(plots))
    rows = math.ceil(len(plots) / columns)
    fig = Figure(figsize=(6.5 * columns, 4.2 * rows), layout="constrained")
    FigureCanvasAgg(fig)
    for index, (machine, spec) in enumerate(plots):
        ax = fig.add_subplot(rows, columns, index + 1)
        for series in spec.series:
            ax.plot(series.x, series.y, marker="o", markersize=3, label=series.label)
        ax.set_title(spec.title, fontsize=10)
        ax.set_xlabel(spec.xlabel)
        ax.set_ylabel(spec.ylabel)
        if spec.logx:
            ax.set_xscale("log", base=2)
        if spec.logy:
            ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
        ax.text(0.01, 0.01, machine, transform=ax.transAxes, fontsize=6, alpha=0.6)
    fig.savefig(path, dpi=110)
    return [spec.title for _, spec in plots]
