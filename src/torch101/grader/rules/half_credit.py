"""Functions that halve the credit (torch.unique in the challenge, as the assignment promises).

They are said where the syntax tree shows them, or else once from the call log.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch101.grader.rules.base import CaseRun, Rule, Source, Violations
from torch101.grader.static.model import Finding, FunctionReport
from torch101.grader.static.names import _uses

__all__ = ["HalfCredit"]


@dataclass(frozen=True)
class HalfCredit(Rule):
    names: tuple[str, ...]
    about_calls = True

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)

    def static(self, src: Source) -> list[Finding]:
        return _uses(src.nodes, src.aliases, self.names, "half_credit")

    def case(self, run: CaseRun, out: Violations) -> None:
        if set(self.names) & set(run.counts):
            out.half_credit = True

    def overall(self, cases, outcomes, out: Violations, static: FunctionReport) -> None:
        if out.half_credit and not any(f.rule == "half_credit" for f in static.findings):
            used = " / ".join("torch." + n for n in self.names)
            out.notes.append(f"at run time it uses {used}: half credit, as the assignment says")
