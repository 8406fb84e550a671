"""Subscripts only to add axes for broadcasting (x[None], x[:, None]).

Anything else is indexing, in the syntax tree and in the keys the call log shows.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from torch101.grader.rules.base import CaseRun, Rule, Source, Violations, key_types, line_of
from torch101.grader.static.model import Finding

__all__ = ["ReshapeSubscripts"]


@dataclass(frozen=True)
class ReshapeSubscripts(Rule):
    allowed: str  # how the assignment names what is allowed, quoted in messages

    def static(self, src: Source) -> list[Finding]:
        nodes = src.nodes
        # `shape = x.shape` (or x.size()), then shape[0]: still metadata
        shapes = {
            t.id
            for n in nodes
            if isinstance(n, ast.Assign) and _is_metadata(n.value) and not isinstance(n.value, ast.Name)
            for t in n.targets
            if isinstance(t, ast.Name)
        }  # fmt: skip
        return [
            Finding("only", n.lineno, f"line {n.lineno}: indexing {ast.unparse(n)} is not allowed (allowed: {self.allowed})")
            for n in nodes
            if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load) and not _reshape_only(n.slice)
            and not _is_metadata(n.value) and not (isinstance(n.value, ast.Name) and n.value.id in shapes)
        ]  # fmt: skip

    def case(self, run: CaseRun, out: Violations) -> None:
        for op in run.made("__getitem__"):
            key = key_types(op, 1)
            if key - {"slice", "NoneType", "ellipsis"}:
                out.add(
                    "getitem_key",
                    f"{line_of(op)}at run time it indexes with {'/'.join(sorted(key))} ({run.where}); allowed: {self.allowed} (x[:, None] for broadcasting is fine)",
                )


def _reshape_only(key: ast.expr) -> bool:
    """x[None], x[:, None], x[..., None] only add axes: reshaping."""
    parts = key.elts if isinstance(key, ast.Tuple) else [key]
    return all(
        (isinstance(p, ast.Constant) and p.value in (None, Ellipsis))
        or (isinstance(p, ast.Slice) and p.lower is p.upper is p.step is None)
        for p in parts
    )


def _is_metadata(node: ast.expr) -> bool:
    """x.shape[0], x.size()[1], x.stride()[0] and type annotations read no tensor data."""
    if isinstance(node, ast.Attribute) and node.attr == "shape":
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("size", "stride")
    return isinstance(node, ast.Name) and node.id in {
        "List",
        "Tuple",
        "list",
        "tuple",
        "Optional",
        "Dict",
        "dict",
    }
