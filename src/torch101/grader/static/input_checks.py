"""Which code of a function only checks its inputs, so that nothing it computes reaches a result.

A loop there is an input check, not a hidden loop (`static.py`, the no-loops rule). Such code is:

- the test of an `assert`, and of an `if` whose body only raises (perhaps after printing, or
  through an inner `if` of the same kind);
- error messages: what is raised, an assert's message, the body of an `if` that raises;
- a name assigned once and read only in those places (`shapes = list(map(len, xs))`, then
  `if shapes != ...: raise ...`);

as long as it changes nothing on the way: no `:=`, no `out.append(v)` or in-place `x.add_(1)`
(a generator in an assert that appends to the result is still the work).
"""

from __future__ import annotations

import ast

__all__ = ["changes_nothing", "check_only", "check_tests"]

_MUTATORS = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "remove",
     "discard", "clear", "sort", "reverse", "put", "write", "send"}
)  # fmt: skip


def changes_nothing(root: ast.AST) -> bool:
    for n in ast.walk(root):
        if isinstance(n, ast.NamedExpr):
            return False
        attr = getattr(n.func, "attr", "") if isinstance(n, ast.Call) else ""
        if attr in _MUTATORS or (attr.endswith("_") and not attr.endswith("__")):
            return False
    return True


def _raises_only(body: list[ast.stmt]) -> bool:
    """Ends in a raise; before it only asserts, prints, warnings or `if`s of the same kind."""

    def says(stmt: ast.stmt) -> bool:
        if isinstance(stmt, ast.If):
            return _raises_only(stmt.body) and (not stmt.orelse or _raises_only(stmt.orelse))
        func = getattr(stmt.value, "func", None) if isinstance(stmt, ast.Expr) else None
        name = getattr(func, "id", getattr(func, "attr", ""))
        return isinstance(stmt, (ast.Raise, ast.Assert, ast.Pass)) or name in ("print", "warn")

    return bool(body) and isinstance(body[-1], ast.Raise) and all(map(says, body))


def check_tests(nodes: list[ast.AST]) -> list[ast.expr]:
    """Tests whose value only decides whether to fail."""
    return [
        n.test
        for n in nodes
        if isinstance(n, ast.Assert) or (isinstance(n, ast.If) and _raises_only(n.body))
    ]


def check_only(nodes: list[ast.AST]) -> set[int]:
    """ids of the nodes (among `nodes`, one function's) whose values only decide whether to
    fail or make an error message."""
    roots: list[ast.AST] = list(check_tests(nodes))
    for n in nodes:
        if isinstance(n, ast.Raise) or (isinstance(n, ast.Assert) and n.msg is not None):
            roots.append(n if isinstance(n, ast.Raise) else n.msg)  # type: ignore[arg-type]
        elif isinstance(n, ast.If) and n.body and isinstance(n.body[-1], ast.Raise):
            roots += n.body
    inside = {id(d) for root in roots if changes_nothing(root) for d in ast.walk(root)}
    assigned: dict[str, list[ast.AST]] = {}
    for n in nodes:
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            assigned.setdefault(n.id, []).append(n)
    for n in nodes:
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)):  # fmt: skip
            continue
        name = n.targets[0].id
        reads = [m for m in nodes if isinstance(m, ast.Name) and m.id == name and isinstance(m.ctx, ast.Load)]  # fmt: skip
        quiet = changes_nothing(n.value)
        if quiet and len(assigned[name]) == 1 and reads and all(id(r) in inside for r in reads):
            inside |= {id(d) for d in ast.walk(n.value)}
    return inside
