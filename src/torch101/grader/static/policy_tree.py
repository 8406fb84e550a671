"""What a syntax tree binds, for the static policy (`policy.py`).

It finds the names each scope binds, the names a file rebinds anywhere, import aliases, and the
guards whose body never runs.
"""

from __future__ import annotations

import ast
import builtins
import codecs
import re

from torch101.grader.static import policy_names as names

__all__ = [
    "COMPREHENSIONS",
    "alias_bound",
    "alias_options",
    "aliases_of",
    "base_problem",
    "bound",
    "declared_encoding",
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


def alias_options(nodes: list[ast.AST], aliases: dict[str, str]) -> dict[str, set[str]]:
    """Names bound to more than one dotted name (`import torch.nn.functional as F`, and in a
    function `global F; F = torch`): a chain read from them is resolved from each."""
    options: dict[str, set[str]] = {}
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
            for a in node.names:
                if a.name != "*":
                    name = a.asname or a.name.split(".")[0]
                    full = a.name if a.asname or isinstance(node, ast.ImportFrom) else name
                    full = f"{node.module}.{a.name}" if isinstance(node, ast.ImportFrom) else full
                    options.setdefault(name, set()).add(full)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):  # fmt: skip
            value = dotted(node.value, aliases)
            if value:
                options.setdefault(node.targets[0].id, set()).add(value)
    return {name: values for name, values in options.items() if len(values) > 1}


def declared_encoding(source: str) -> tuple[int, str] | None:
    """(line, codec) of a PEP 263 coding line that is not UTF-8: the importer decodes the file
    with it (UTF-7 turns `+AAo-` in a comment into a new line of code), the grader reads UTF-8."""
    for number, line in enumerate(source.splitlines()[:2], start=1):
        match = re.match(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", line)
        if match:
            try:
                name = codecs.lookup(match.group(1)).name
            except LookupError:
                return None  # an unknown codec: the import fails
            return None if name == "utf-8" else (number, match.group(1))
    return None


def dotted(node: ast.AST, aliases: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute):
        base = dotted(node.value, aliases)
        return f"{base}.{node.attr}" if base else None
    return None


def base_problem(base: ast.expr, aliases: dict[str, str], classes: set[str], *, builtin: bool) -> str | None:  # fmt: skip
    """Why a class may not have this base ("{}" is the class), or None. Allowed: the file's
    classes, builtin classes but `type`, allowed classes that are not torch.Tensor, a numpy array
    or `type` (or their subclasses), namedtuple(...), typing generics."""
    computed = "{} is not allowed: a base computed at run time could be torch.Tensor, whose methods the grader calls"  # fmt: skip
    if isinstance(base, ast.Call):
        return None if dotted(base.func, aliases) in ("collections.namedtuple", "typing.NamedTuple") else computed  # fmt: skip
    if isinstance(base, ast.Subscript):
        return None if (dotted(base.value, aliases) or "").startswith("typing.") else computed
    if isinstance(base, ast.Name) and base.id not in aliases:
        builtin = builtin and isinstance(vars(builtins).get(base.id), type)
        if base.id in classes or (builtin and base.id != "type"):
            return None
        return "subclassing type is not allowed: it hooks into how classes are made" if builtin else computed  # fmt: skip
    name = dotted(base, aliases)
    if name is None:
        return computed
    if names.denied_base(name):
        return f"subclassing {name} is not allowed: a subclass's methods would take over the grader's own calls on your results"  # fmt: skip
    return None
