"""What a rule is: a static half, a run-time half and its messages.

The static half gives findings with lines; the run-time half reads the call log's evidence. Also
here: the two contexts they read and the collector they write to.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from torch101.grader import ops
from torch101.grader.cases import Case
from torch101.grader.mistake import mistake_of
from torch101.grader.static.model import Finding, FunctionReport, Source
from torch101.grader.typetree import leaves

__all__ = ["CaseRun", "Rule", "Rules", "Source", "Violations", "key_types", "line_of", "lines_of"]


@dataclass(frozen=True, kw_only=True)
class CaseRun:
    """One correct, traced call, as the run-time halves read it."""

    case: Case
    outcome: Any  # protocol.Outcome
    logged: list[dict]  # the torch calls, in order
    names: list[str]  # their canonical names (ops.op_names)
    counts: dict[str, int]  # canonical name -> calls
    where: str  # the case, described for messages
    static: FunctionReport
    emulated: bool  # the GPU was emulated (no CUDA here)
    banned: frozenset[str]  # names that rules judging names by themselves already judge

    def made(self, *names: str) -> list[dict]:
        """The logged ops with these canonical names."""
        return [op for op, name in zip(self.logged, self.names) if name in names]


@dataclass
class Violations:
    """Run-time problems, each said once (by key), whether half credit applies, and notes that
    cost nothing (said after the problems)."""

    problems: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    half_credit: bool = False
    notes: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)  # the recognised ones the problems state

    def add(self, key: str, message: str) -> None:
        """A problem said once for all the calls (the first call that shows it)."""
        if key not in self.seen:
            self.seen.add(key)
            self.append(message)

    def append(self, message: str) -> None:
        self.problems.append(message)
        if mistake_of(message):
            self.mistakes.append(mistake_of(message))


class Rule:
    """One rule of the assignment. Subclasses override what they check; messages live with them."""

    penalises: ClassVar[bool] = True  # False: advice only, never costs points
    about_calls: ClassVar[bool] = False  # judges which functions are called (getattr matters)
    needs_gpu: ClassVar[bool] = False  # without CUDA, the worker emulates a GPU for it
    names: tuple[str, ...] = ()  # functions this rule judges by name (others leave them alone)

    def static(self, src: Source) -> list[Finding]:
        return []

    def case(self, run: CaseRun, out: Violations) -> None:
        """Evidence from one correct traced call."""

    def overall(
        self,
        cases: Sequence[Case],
        outcomes: Sequence[Any],
        out: Violations,
        static: FunctionReport,
    ) -> None:
        """Evidence across all the calls (e.g. op counts that grow with the size)."""


@dataclass(frozen=True)
class Rules:
    """The assignment's rules for one function, as stated (`text`, quoted in messages) and as
    checks, run in this order; empty means none."""

    text: str = ""
    checks: tuple[Rule, ...] = ()

    def __init__(self, text: str = "", *checks: Rule) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "checks", tuple(checks))

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.checks)

    @property
    def any(self) -> bool:
        """Any rule that can cost points (advice cannot): the calls are then traced."""
        return any(rule.penalises for rule in self.checks)

    @property
    def about_calls(self) -> bool:
        return any(rule.about_calls for rule in self.checks)

    @property
    def needs_gpu(self) -> bool:
        return any(rule.needs_gpu for rule in self.checks)

    @property
    def named(self) -> frozenset[str]:
        """Canonical names the rules judge by name (forbidden, half credit)."""
        return frozenset(ops.canonical(n) for rule in self.checks for n in rule.names)


def line_of(op: dict) -> str:
    """'line 12: ' for an op the worker traced to a line of the student's file."""
    return f"line {op['line']}: " if op.get("line") else ""


def lines_of(made: list[dict]) -> str:
    lines = list(dict.fromkeys(op["line"] for op in made if op.get("line")))
    if not lines:
        return ""
    return f"line {lines[0]}: " if len(lines) == 1 else f"lines {', '.join(map(str, lines))}: "


def key_types(op: dict, position: int) -> set[str]:
    """Type names inside one logged argument (a `typetree`): a tuple of a slice and None ->
    {'slice', 'NoneType'}."""
    types = op.get("arg_types")
    if type(types) is not list or position >= len(types):
        return set()
    return leaves(types[position]) - {"tuple", "list"}
