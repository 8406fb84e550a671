"""At most so many comparisons per call ("a single comparison"), counted in the call log."""

from __future__ import annotations

from dataclasses import dataclass

from torch101.grader import ops
from torch101.grader.rules.base import CaseRun, Rule, Violations, lines_of

__all__ = ["Comparisons"]


@dataclass(frozen=True)
class Comparisons(Rule):
    at_most: int

    def case(self, run: CaseRun, out: Violations) -> None:
        made = run.made(*ops.COMPARISONS)
        if len(made) > self.at_most:
            out.add(
                "compare",
                f"{lines_of(made)}at run time it makes {len(made)} comparisons in one call "
                f"({run.where}); the rule allows {self.at_most}",
            )
