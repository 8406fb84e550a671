"""Show sections in the terminal: rich on a colour terminal, plain text everywhere else.

Plain text is chosen when NO_COLOR is set (https://no-color.org) or stdout is not a terminal
(pipes, files, CI logs) unless FORCE_COLOR is set. Plain output never wraps or indents the
step output, so it contains each tensor's exact repr.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Mapping
from typing import IO, Protocol

from torch101.tour.model import Section
from torch101.tour.runner import StepResult

__all__ = ["PlainRenderer", "Renderer", "RichRenderer", "make_renderer", "wants_plain"]

WIDTH = 88  # the widest the notes get, like a code style's line length
MIN_WIDTH = 40


def text_width() -> int:
    """WIDTH, or less where COLUMNS or the terminal is narrower (never under MIN_WIDTH)."""
    return max(MIN_WIDTH, min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns))


class Renderer(Protocol):
    def section(self, section: Section, position: int, total: int) -> None: ...

    def step(self, number: int, result: StepResult) -> None: ...


def wants_plain(stream: IO[str], environ: Mapping[str, str] = os.environ) -> bool:
    """Plain text unless `stream` is a terminal (or FORCE_COLOR is set) and NO_COLOR is not."""
    if environ.get("NO_COLOR"):
        return True
    if environ.get("FORCE_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return not (callable(isatty) and isatty())


def _title(section: Section, *, sep: str = " / ") -> str:
    """'Group / Heading', or just the heading when the notebook nests nothing under it."""
    if section.group == section.heading:
        return section.heading
    return f"{section.group}{sep}{section.heading}"


def _fill(text: str, *, prefix: str, width: int) -> str:
    """Wrap `text` to `width` after `prefix`, never breaking inside a `code` span."""
    glue = "\x00"
    protected = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", glue), text)
    wrapped = textwrap.fill(
        protected, width=width, initial_indent=prefix, subsequent_indent=" " * len(prefix)
    )
    return wrapped.replace(glue, " ")


class PlainRenderer:
    """Headings, indented code, the output verbatim, then the note."""

    def __init__(self, stream: IO[str], *, width: int | None = None) -> None:
        self.stream = stream
        self.width = text_width() if width is None else width

    def _write(self, text: str = "") -> None:
        self.stream.write(text + "\n")

    def section(self, section: Section, position: int, total: int) -> None:
        rule = "=" * self.width
        self._write(rule)
        self._write(f"{_title(section)}  [{section.name}, {position}/{total}]")
        self._write(section.summary)
        self._write(rule)
        self._write()

    def step(self, number: int, result: StepResult) -> None:
        self._write(f"In [{number}]:")
        self._write(textwrap.indent(result.step.code, "    "))
        if result.output:
            self._write("Out:")
            self.stream.write(
                result.output if result.output.endswith("\n") else result.output + "\n"
            )
        if result.error:
            self._write(f"Error (a bug in the tour, please report it): {result.error}")
        self._write(_fill(result.step.explain, prefix="Note: ", width=self.width))
        self._write()
        self.stream.flush()


class RichRenderer:
    """Syntax-highlighted code in a panel, the output in a second panel, the note below."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console

        # The terminal's width (or COLUMNS), also when `stream` is a pager's pipe.
        width = shutil.get_terminal_size((80, 24)).columns
        self.console = Console(file=stream, force_terminal=True, highlight=False, width=width)

    def section(self, section: Section, position: int, total: int) -> None:
        self.console.print()
        self.console.rule(
            f"[bold]{_title(section, sep=' › ')}[/]  [dim]{section.name} {position}/{total}[/]"
        )
        self.console.print(section.summary, style="italic", justify="center")
        self.console.print()

    def step(self, number: int, result: StepResult) -> None:
        from rich.highlighter import ReprHighlighter
        from rich.markdown import Markdown
        from rich.padding import Padding
        from rich.panel import Panel
        from rich.syntax import Syntax
        from rich.text import Text

        code = Syntax(result.step.code, "python", theme="monokai", background_color="default")
        self.console.print(
            Panel(code, title=f"In [{number}]", title_align="left", border_style="blue")
        )
        if result.output:
            output = ReprHighlighter()(Text(result.output.rstrip("\n"), style="default"))
            self.console.print(Panel(output, title="Out", title_align="left", border_style="green"))
        if result.error:
            error = Text(f"{result.error}\nThis is a bug in the tour; please report it.")
            self.console.print(Panel(error, title="Error", title_align="left", border_style="red"))
        self.console.print(Padding(Markdown(result.step.explain), (0, 2, 1, 2)))


def make_renderer(
    *, plain: bool | None = None, stream: IO[str] | None = None
) -> PlainRenderer | RichRenderer:
    """A renderer for `stream` (default sys.stdout); `plain=None` decides from the environment."""
    stream = sys.stdout if stream is None else stream
    if plain is None:
        plain = wants_plain(stream)
    return PlainRenderer(stream) if plain else RichRenderer(stream)
