"""Functions the assignment forbids (torch.numel, torch.flip, torch.mean...).

Found: every read of the name, through aliases and strings, and every call the log shows,
whatever the synonym.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch101.grader import ops
from torch101.grader.rules.base import CaseRun, Rule, Source, Violations, line_of
from torch101.grader.static.model import Finding
from torch101.grader.static.names import _uses

__all__ = ["Forbidden"]


@dataclass(frozen=True)
class Forbidden(Rule):
    names: tuple[str, ...]
    about_calls = True

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)

    def static(self, src: Source) -> list[Finding]:
        return _uses(src.nodes, src.aliases, self.names, "forbidden")

    def case(self, run: CaseRun, out: Violations) -> None:
        # A name the syntax tree already showed, with its line, need not be said twice.
        shown = {f.subject for f in run.static.violations if f.rule == "forbidden"}
        for name in sorted({ops.canonical(n) for n in self.names} & set(run.counts) - shown):
            op = run.made(name)[0]
            out.add(f"forbidden:{name}", f"{line_of(op)}at run time it calls {op['name']} ({run.where})")  # fmt: skip
