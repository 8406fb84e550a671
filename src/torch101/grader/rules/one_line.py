""" "It should take one line": advice only, never penalised.

Counted: the statements that do the work, in the syntax tree (not the scaffolding, asserts or
validation calls).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from torch101.grader.rules.base import Rule, Source
from torch101.grader.static.model import Finding, _body, _is_placeholder_statement

__all__ = ["OneLine"]


@dataclass(frozen=True)
class OneLine(Rule):
    penalises = False

    def static(self, src: Source) -> list[Finding]:
        fn = src.fn
        work = [
            s
            for s in _body(fn)
            if not isinstance(s, (ast.Pass, ast.Assert))
            and not _is_placeholder_statement(s)
            and not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Call))
        ]
        if len(work) <= 1:
            return []
        return [
            Finding(
                "advice",
                work[0].lineno,
                f"line {work[0].lineno}: {len(work)} statements; the TODO says this takes one line (advice, no points lost)",
                penalty=False,
            )
        ]
