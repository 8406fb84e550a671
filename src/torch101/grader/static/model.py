"""The submission's syntax tree as the rules read it.

It holds findings, per-function reports and the module index (functions, helpers, import
aliases, tampering markers).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from torch101.grader.static import policy as _policy

_LOOP_NODES = {
    ast.For: "a for loop",
    ast.AsyncFor: "a for loop",
    ast.While: "a while loop",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
}
_HIDDEN_LOOPS = {
    "map": "map()",
    "filter": "filter()",
    "functools.reduce": "functools.reduce()",
    "reduce": "reduce()",
    "apply_": "Tensor.apply_()",
    "map_": "Tensor.map_()",
    "map2_": "Tensor.map2_()",
    "numpy.vectorize": "numpy.vectorize()",
    "numpy.frompyfunc": "numpy.frompyfunc()",
    "numpy.apply_along_axis": "numpy.apply_along_axis()",
}
_DYNAMIC_CODE = {"eval", "exec", "compile", "__import__", "importlib.import_module"}
_DYNAMIC_ATTR = {"getattr", "__getattribute__", "__getattr__", "vars", "__dict__", "attrgetter", "methodcaller"}  # fmt: skip
_TAMPER_MODULES = ("torch", "builtins", "sys", "os", "numpy", "math")


@dataclass(frozen=True)
class Finding:
    rule: str  # "loop", "forbidden", "half_credit", "dynamic", "slice_assign", "advice", ...
    line: int
    message: str
    penalty: bool = True  # False: advice only, no credit lost
    subject: str = ""  # the forbidden name found, canonical (nelement -> numel)


@dataclass
class FunctionReport:
    name: str
    defined: bool = False
    line: int | None = None
    stub: bool = False  # still the template's stub: not implemented
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.penalty]


@dataclass
class Module:
    tree: ast.Module
    filename: str
    functions: dict[str, ast.FunctionDef]  # the last definition of each name wins, as in Python
    aliases: dict[str, str]  # local name -> dotted name it was imported or assigned as
    calls: dict[str, set[str]]  # module function, class or lambda -> those it names
    notes: list[Finding]  # tampering markers anywhere in the module
    helpers: dict[str, ast.AST] = field(default_factory=dict)  # functions, classes, lambdas
    policy: _policy.Policy = field(default_factory=_policy.Policy)  # the static policy's verdict


@dataclass(frozen=True, kw_only=True)
class Source:
    """One function's syntax tree, as the static halves read it."""

    module: Module
    fn: ast.FunctionDef
    nodes: list[ast.AST]  # every node of the function, in ast.walk order
    aliases: dict[str, str]  # the module's and the function's import aliases
    loops: list[tuple[int, str]]  # explicit loops and comprehensions: (line, what)
    hidden: list[tuple[int, str]]  # map/filter/reduce/recursion...: (line, what)


def parse(source: str, filename: str = "pytorch101.py") -> Module:
    """Parse the submission; SyntaxError propagates (the caller reports file and line)."""
    tree = ast.parse(source, filename=filename)
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    aliases = _aliases(_module_level(tree))
    helpers = _helpers(tree, functions)
    # Named, not only called: `fn = helper; fn(x)`, `map(helper, xs)`, `Acc(x).total()`.
    calls = {
        name: {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in helpers}
        for name, node in helpers.items()
    }
    return Module(tree, filename, functions, aliases, calls, _tampering(tree), helpers, _policy.check(tree, source))  # fmt: skip


def _helpers(tree: ast.Module, functions: dict[str, ast.AST]) -> dict[str, ast.AST]:
    """What a function can run through a module-level name: functions, classes (every method
    counts: an instance's methods and static methods are reached through the class's name),
    lambdas bound to a name, and other values (`_FACTORIES = [_outer]` leads to _outer)."""
    found: dict[str, ast.AST] = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            found.update({t.id: node.value for t in node.targets if isinstance(t, ast.Name)})
    return {**found, **functions}


def _aliases(nodes) -> dict[str, str]:
    """Local name -> dotted name, from imports and plain `name = dotted.name` assignments."""
    aliases: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")[0]
                aliases[a.asname or top] = a.name if a.asname else top
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, dotted = node.targets[0], _dotted(node.value, aliases)
            if isinstance(target, ast.Name) and dotted:
                aliases[target.id] = dotted
    return aliases


def _module_level(tree: ast.Module):
    """Every node outside function and class bodies (imports inside try/if included)."""
    stack = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _dotted(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """`t.nn.functional` with `import torch as t` -> 'torch.nn.functional'."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, aliases)
        return f"{base}.{node.attr}" if base else None
    return None


def _tampering(tree: ast.Module) -> list[Finding]:
    """Assignments into torch/builtins/sys and calls that end the process: worth a note.

    They change no verdict (the parent compares outside the student's process); the note tells
    a teacher where to look.
    """
    aliases = _aliases(_module_level(tree))
    notes = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            dotted = _dotted(target, aliases) if isinstance(target, ast.Attribute) else None
            if dotted and dotted.split(".")[0] in _TAMPER_MODULES:
                notes.append(
                    Finding("tamper", node.lineno, f"line {node.lineno}: assigns {dotted}")
                )
        if isinstance(node, ast.Call):
            dotted = _dotted(node.func, aliases) or ""
            if dotted in {"os._exit", "sys.exit", "exit", "quit", "os.kill", "setattr"}:
                first = _dotted(node.args[0], aliases) if node.args else None
                if dotted == "setattr" and not (first and first.split(".")[0] in _TAMPER_MODULES):
                    continue
                notes.append(
                    Finding("tamper", node.lineno, f"line {node.lineno}: calls {dotted}()")
                )
    return notes


# --- stubs: the template's body, untouched ---------------------------------------------------


def _body(fn: ast.FunctionDef) -> list[ast.stmt]:
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return body


def _is_stub(fn: ast.FunctionDef) -> bool:
    """The template's body: `out = None`, `pass`, `return out` (or raise NotImplementedError)."""
    body = _body(fn)
    has_pass = not body
    for stmt in body:
        if isinstance(stmt, ast.Pass) or _raises_not_implemented(stmt):
            has_pass = True
        elif not _is_placeholder_statement(stmt):
            return False
    return has_pass


def _raises_not_implemented(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.Raise):
        return False
    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _is_placeholder_statement(stmt: ast.stmt) -> bool:
    """`x = None`, `out = (a, b)` of placeholders, `return x`: the template's scaffolding."""
    if isinstance(stmt, ast.Assign):
        return _is_placeholder(stmt.value)
    if isinstance(stmt, ast.Return):
        return stmt.value is None or _is_placeholder(stmt.value, names=True)
    return False


def _is_placeholder(node: ast.expr, *, names: bool = False) -> bool:
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    if names and isinstance(node, ast.Name):
        return True
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_is_placeholder(e, names=True) for e in node.elts)
    return False
