"""What the tour is made of: sections of steps, each step a code string and an explanation.

Plain data, no torch: the terminal, the notebook and the tests all read the same objects.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

__all__ = ["Section", "Step", "step"]


@dataclass(frozen=True)
class Step:
    """One example: the code to run and what to notice in its output.

    `stable` is False for outputs that change from run to run (timings), so tests that compare
    two runs of the same step skip them.
    """

    code: str
    explain: str
    stable: bool = True


@dataclass(frozen=True)
class Section:
    """One notebook subsection: `name` selects it on the command line, `heading` is the
    notebook's own heading, `group` the heading above it, `summary` the one-line description."""

    name: str
    group: str
    heading: str
    summary: str
    steps: tuple[Step, ...]


def step(code: str, explain: str, *, stable: bool = True) -> Step:
    """Build a Step from indented triple-quoted source and a (possibly wrapped) explanation."""
    return Step(
        code=textwrap.dedent(code).strip("\n"),
        explain=" ".join(explain.split()),
        stable=stable,
    )
