"""What a syntax tree binds, for the static policy (`policy.py`): the names each scope binds,
the names a file rebinds anywhere, import aliases, and the guards whose body never runs."""

from __future__ import annotations

import ast

from torch101.grader import policy_names as names

__all__ = [
    "COMPREHENSIONS",
    "alias_bound",
    "aliases_of",
    "bound",
    "dotted",
    "never_runs",
    "rebound",
]

COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def bound(scope: ast.AST) -> set[str]:
    """Names bound in a scope (parameters, assignments, imports, defs), not in nested scopes."""
    bound: set[str] = set()
    declared: set[str] = set()
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = scope.args
        bound |= {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}
        bound |= {p.arg for p in (a.vararg, a.kwarg) if p is not None}
        stack = [scope.body] if isinstance(scope, ast.Lambda) else list(scope.body)
    elif isinstance(scope, COMPREHENSIONS):
        stack = [g.target for g in scope.generators]
    else:
        stack = list(getattr(scope, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, *COMPREHENSIONS)):
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.alias) and node.name != "*":
            bound.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared |= set(node.names)
        stack.extend(ast.iter_child_nodes(node))
    return bound - declared


def alias_bound(scope: ast.AST) -> set[str]:
    """Names a function binds by import or by `name = dotted.name` (not in nested scopes)."""
    found: set[str] = set()
    stack = list(getattr(scope, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update(a.asname or a.name.split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
            found.update(t.id for t in node.targets if isinstance(t, ast.Name))
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_time(node: ast.AST, lazy_annotations: bool) -> list[ast.AST]:
    """The parts of a def or class that run when the module is imported: decorators, defaults,
    annotations (unless lazy), bases, and a class body's statements (not its methods' bodies)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = node.args
        parts: list[ast.AST] = [*node.decorator_list, *a.defaults, *filter(None, a.kw_defaults)]
        if not lazy_annotations:
            params = a.posonlyargs + a.args + a.kwonlyargs + [p for p in (a.vararg, a.kwarg) if p]
            parts += [p.annotation for p in params if p.annotation] + ([node.returns] if node.returns else [])  # fmt: skip
        return parts
    if isinstance(node, ast.ClassDef):
        parts = [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
        for stmt in node.body:
            defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            parts += import_time(stmt, lazy_annotations) if isinstance(stmt, defs) else [stmt]
        return parts
    return [node]


def runs_at_import(node: ast.AST, lazy_annotations: bool) -> bool:
    """Whether the code a statement runs at import calls or assigns something (a decorator is
    a call too): only then can a violation in it change what every function does."""
    if getattr(node, "decorator_list", None):
        return True
    return any(
        isinstance(n, ast.Call) or (isinstance(n, (ast.Attribute, ast.Subscript)) and not isinstance(n.ctx, ast.Load))
        for part in import_time(node, lazy_annotations)
        for n in ast.walk(part)
    )  # fmt: skip


def never_runs(stmt: ast.stmt, aliases: dict[str, str], rebound: set[str]) -> bool:
    """`if __name__ == "__main__":` (either way round) or `if TYPE_CHECKING:`: a body that never
    runs in the grader, as long as the file never rebinds those names itself."""
    test = stmt.test if isinstance(stmt, ast.If) else None
    if dotted(test, aliases) == "typing.TYPE_CHECKING" and "TYPE_CHECKING" not in rebound:  # type: ignore[arg-type]
        return True
    if not (isinstance(test, ast.Compare) and len(test.comparators) == 1 and isinstance(test.ops[0], ast.Eq)):  # fmt: skip
        return False
    sides = [test.left, test.comparators[0]]
    return "__name__" not in rebound and any(isinstance(n, ast.Name) and n.id == "__name__" for n in sides) and any(
        isinstance(n, ast.Constant) and n.value == "__main__" for n in sides
    )  # fmt: skip


def rebound(nodes: list[ast.AST]) -> set[str]:
    """Names the file (all its `nodes`) assigns, deletes, declares global or imports under."""
    found: set[str] = set()
    for n in nodes:
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            found.add(n.id)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            found.update(n.names)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            typing_import = isinstance(n, ast.ImportFrom) and n.module == "typing"
            found.update(a.asname or a.name for a in n.names if not (typing_import and a.name == "TYPE_CHECKING" and not a.asname))  # fmt: skip
    return found


def aliases_of(nodes: list[ast.AST]) -> dict[str, str]:
    """Local name -> dotted name, from imports and `name = dotted.name` anywhere in the file
    (`from torch import *` adds every name it binds)."""
    aliases: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]  # fmt: skip
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if a.name == "*" and names.allowed_module(node.module):
                    aliases.update({n: f"{node.module}.{n}" for n in names.module_names(node.module)})  # fmt: skip
                elif a.name != "*":
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):  # fmt: skip
            name = dotted(node.value, aliases)
            if name:  # rooted at an import: `T = torch`, `F = torch.nn.functional`
                aliases.setdefault(node.targets[0].id, name)
    return aliases


def dotted(node: ast.AST, aliases: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute):
        base = dotted(node.value, aliases)
        return f"{base}.{node.attr}" if base else None
    return None
