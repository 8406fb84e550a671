"""The only computing ops allowed (reshaping only; +, -, *, /, **, sqrt and sum).

Every other op in the call log breaks it, except those other rules already judge by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch101.grader import ops
from torch101.grader.rules.base import CaseRun, Rule, Violations, line_of

__all__ = ["Only"]


@dataclass(frozen=True)
class Only(Rule):
    ops_allowed: frozenset[str]  # canonical names
    allowed: str  # how the assignment names the allowlist, quoted in messages
    about_calls = True

    def case(self, run: CaseRun, out: Violations) -> None:
        for op, name in zip(run.logged, run.names):
            if not ops.computes(name) or name in self.ops_allowed or name in run.banned:
                continue
            why = (
                ": iterating over a tensor (a for loop, sum(), list(), zip()...) is a Python loop"
                if name in ("unbind", "__iter__")
                else ""
            )
            out.add(
                f"only:{name}",
                f"{line_of(op)}at run time it calls {op['name']} ({run.where}){why}; allowed: {self.allowed}",
            )
