"""Run a section's steps live, in one shared namespace, and capture what each one shows.

Like a notebook cell, a step shows what it prints plus the repr of its last line when that
line is an expression with a value. Each section gets a fresh namespace with only the prelude
run in it, so sections never depend on one another.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any

from torch101.tour.model import Section, Step
from torch101.tour.sections import PRELUDE

__all__ = ["StepResult", "new_namespace", "run_section", "run_step"]


@dataclass(frozen=True)
class StepResult:
    """What one step showed. `error` is 'Type: message' when the step raised, else None."""

    step: Step
    output: str
    error: str | None = None


def new_namespace() -> dict[str, Any]:
    """A fresh module-like namespace with the prelude (import torch) already run."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(PRELUDE, namespace)
    return namespace


def run_step(step: Step, namespace: dict[str, Any], *, label: str = "<tour>") -> StepResult:
    """Execute `step.code` in `namespace`; stdout, stderr and the last value become the output.

    An exception does not propagate: it ends the step and is reported in `error`.
    """
    tree = ast.parse(step.code, filename=label, mode="exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    buffer = io.StringIO()
    try:
        with redirect_stdout(buffer), redirect_stderr(buffer):
            exec(compile(tree, label, "exec"), namespace)
            if last is not None:
                value = eval(compile(last, label, "eval"), namespace)
                if value is not None:
                    print(repr(value))
    except Exception as exc:  # a broken step is reported, never a traceback
        return StepResult(step, buffer.getvalue(), f"{type(exc).__name__}: {exc}")
    return StepResult(step, buffer.getvalue())


def run_section(section: Section) -> Iterator[StepResult]:
    """Run the section's steps in order in one fresh namespace, yielding each result as it ends."""
    namespace = new_namespace()
    for number, step in enumerate(section.steps, start=1):
        yield run_step(step, namespace, label=f"<tour {section.name} {number}>")
