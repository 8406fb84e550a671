"""Mutate only by slice assignments of integers, at most so many.

Checked: the assignments and their values in the syntax tree, their count and the assigned types
in the call log.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from torch101.grader.rules.base import (
    CaseRun,
    Rule,
    Source,
    Violations,
    key_types,
    line_of,
    lines_of,
)
from torch101.grader.static.model import Finding

__all__ = ["SliceAssignments"]


@dataclass(frozen=True)
class SliceAssignments(Rule):
    at_most: int

    def static(self, src: Source) -> list[Finding]:
        found, count = [], 0
        for node in src.nodes:
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                subs = [t for t in targets if isinstance(t, ast.Subscript)]
                count += len(subs)
                if subs and (isinstance(node, ast.AugAssign) or _not_an_int(node.value)):
                    found.append(
                        Finding(
                            "slice_assign",
                            node.lineno,
                            f"line {node.lineno}: assigns {ast.unparse(node.value)}; assign integers only (x[...] = 3)",
                        )
                    )
        if count > self.at_most:
            line = next(n.lineno for n in src.nodes if isinstance(n, (ast.Assign, ast.AugAssign)))
            found.append(
                Finding(
                    "slice_assign",
                    line,
                    f"{count} slice assignments; at most {self.at_most} are allowed",
                )
            )
        return found

    def case(self, run: CaseRun, out: Violations) -> None:
        made = run.made("__setitem__")
        if len(made) > self.at_most:
            out.add(
                "setitem",
                f"{lines_of(made)}at run time it makes {len(made)} slice assignments in one "
                f"call ({run.where}); at most {self.at_most} are allowed",
            )
        for op in made:
            value = key_types(op, 2)
            if value and value != {"int"}:
                out.add(
                    "setitem_value",
                    f"{line_of(op)}at run time it assigns a {'/'.join(sorted(value))} ({run.where}); assign integers only (x[...] = 3)",
                )


def _not_an_int(node: ast.expr) -> bool:
    """Surely not an integer: 2.0, a list, torch.tensor(...). A name (x[...] = two) or an
    item (vals[k]) may hold one: the run-time log says which type was assigned."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _not_an_int(node.operand)
    if isinstance(node, ast.BinOp):
        return _not_an_int(node.left) or _not_an_int(node.right)
    if isinstance(node, ast.Constant):
        return type(node.value) is not int
    if isinstance(node, ast.Call):
        return not (isinstance(node.func, ast.Name) and node.func.id == "int")
    return not isinstance(node, (ast.Name, ast.Subscript, ast.Attribute))
