"""The command line's side of `torch101 grade --watch`: which file, and a redrawn terminal.

The terminal is redrawn after every step: cleared on a terminal; one table after another in a
pipe or a log.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

from torch101.grader.report.watch_view import Frame
from torch101.grader.watch.watcher import Watcher

__all__ = ["run_watch", "watch_target"]


def watch_target(path: str | None) -> tuple[Path | None, str]:
    """The file to watch for PATH (default ./pytorch101.py; a folder: its pytorch101.py), or
    (None, why not)."""
    target = Path(path or "pytorch101.py")
    if target.is_dir():
        target = target / "pytorch101.py"
    if target.suffix != ".py":
        return None, f"--watch needs a .py file (a folder holding pytorch101.py will do), got '{path}'"  # fmt: skip
    if not target.is_file():
        return None, f"--watch: '{target}' does not exist; write a blank one with `torch101 start --out {target}`"  # fmt: skip
    return target, ""


def run_watch(target: Path, **options: Any) -> int:
    """The command line's loop: redraw the terminal after every step; Ctrl-C ends it (0)."""
    from rich.console import Console

    from torch101.grader.report.watch_view import render

    console = Console()

    def draw(frame: Frame) -> None:
        if console.is_terminal:
            console.clear()
        else:
            console.rule(style="dim")
        console.print(render(frame, console.width))

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # `kill` stops it as Ctrl-C does: the fork server goes too

    previous = signal.signal(signal.SIGTERM, interrupt)
    watcher = Watcher(target, draw=draw, **options)
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.close()
        signal.signal(signal.SIGTERM, previous)
    print("stopped watching", file=sys.stderr)
    return 0
