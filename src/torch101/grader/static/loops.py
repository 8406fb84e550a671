"""Loops, seen and hidden: comprehensions, map/filter/reduce, recursion, helpers at any depth.

An input check is not a loop when it only decides whether to fail.
"""

from __future__ import annotations

import ast

from torch101.grader.static.input_checks import changes_nothing, check_only, check_tests
from torch101.grader.static.model import (
    _HIDDEN_LOOPS,
    _LOOP_NODES,
    Module,
    _aliases,
    _dotted,
)


def _hidden_loops(nodes: list[ast.AST], aliases: dict[str, str]) -> list[tuple[int, str]]:
    found = []
    checks = check_only(nodes)  # map() that only feeds an input check computes no result
    for node in nodes:
        if id(node) in checks:
            continue
        if isinstance(node, ast.Call) and _calls_per_element(node):
            found.append((node.lineno, f"{ast.unparse(node.func)}() calls Python code per element: a hidden loop"))  # fmt: skip
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            dotted = aliases.get(node.id, node.id)
            if dotted in _HIDDEN_LOOPS or dotted.startswith("itertools."):
                found.append(
                    (node.lineno, _HIDDEN_LOOPS.get(dotted, dotted + "()") + " is a hidden loop")
                )
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            dotted = _dotted(node, aliases) or node.attr
            if (
                node.attr in _HIDDEN_LOOPS
                or dotted in _HIDDEN_LOOPS
                or dotted.startswith("itertools.")
            ):
                found.append(
                    (node.lineno, _HIDDEN_LOOPS.get(node.attr, dotted + "()") + " is a hidden loop")
                )
    return found


def _calls_per_element(call: ast.Call) -> bool:
    """sorted/min/max(..., key=f), xs.sort(key=f), iter(f, sentinel): like map(f, xs)."""
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    keyed = name in ("sorted", "min", "max", "sort") and any(k.arg == "key" for k in call.keywords)
    return keyed or (name == "iter" and isinstance(call.func, ast.Name) and len(call.args) == 2)


def _recursion(module: Module, name: str) -> list[tuple[int, str]]:
    """A call that leads back to `name` through the module's functions: a loop in disguise."""
    for callee in sorted(module.calls.get(name, ())):
        seen, stack = set(), [callee]
        while stack:
            current = stack.pop()
            if current == name:
                line = next(
                    n.lineno
                    for n in ast.walk(module.functions[name])
                    if isinstance(n, ast.Name) and n.id == callee
                )
                how = "calls itself" if callee == name else f"calls {callee}, which calls it back"
                return [(line, f"recursion (the function {how}) is a hidden loop")]
            if current not in seen:
                seen.add(current)
                stack.extend(module.calls.get(current, ()))
    return []


def _nested_recursion(fn: ast.FunctionDef) -> list[tuple[int, str]]:
    """A function (or a lambda bound to a name) defined inside `fn` that calls itself."""
    found = []
    for inner in ast.walk(fn):
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and inner is not fn:
            name, body = inner.name, inner
        elif (
            isinstance(inner, ast.Assign)
            and isinstance(inner.value, ast.Lambda)
            and len(inner.targets) == 1
            and isinstance(inner.targets[0], ast.Name)
        ):
            name, body = inner.targets[0].id, inner.value  # rows = lambda k: ... rows(k + 1)
        else:
            continue
        for n in ast.walk(body):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name:
                found.append((n.lineno, f"recursion ({name}() calls itself) is a hidden loop"))
                break
    return found


def _helper_loops(module: Module, name: str) -> list[tuple[int, str]]:
    """Loops in the module's functions that `name` calls, directly or through others: moving
    the loop into a helper does not remove it (loops that only check inputs excepted, whatever
    the helper is named: input_checks.py)."""
    found: list[tuple[int, str]] = []
    seen, stack = {name}, sorted(module.calls.get(name, ()))
    while stack:
        helper = stack.pop()
        if helper in seen:
            continue
        seen.add(helper)
        fn = module.helpers[helper]
        nodes = list(ast.walk(fn))
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            # a value computed once at import: only the lambdas in it run per call
            nodes = [d for lam in nodes if isinstance(lam, ast.Lambda) for d in ast.walk(lam)]
        aliases = {**module.aliases, **_aliases(nodes)}
        loops = _loops(nodes) + _hidden_loops(nodes, aliases) + _nested_recursion(fn)
        called = isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        label = f"{helper}(), which {name} calls" if called else f"{'the class ' * isinstance(fn, ast.ClassDef)}{helper}, which {name} uses"  # fmt: skip
        found += [(line, f"{what} in {label}") for line, what in loops]
        stack.extend(sorted(module.calls.get(helper, ())))
    return found


def _checks_only(loop: ast.AST, in_any_all: set[int], star_args: set[str]) -> bool:
    """A loop that only checks its inputs, so it cannot build the result:

    - over the dimensions (`for d in x.shape`, `range(x.dim())`, `enumerate(zip(x.shape, s))`),
      once per dimension whatever the data, or over what the code wrote out (`(x, y)`,
      `**kwargs`);
    - a generator inside any() / all() that only decides whether to fail: in an assert, or in the
      test of an `if` whose body only raises (`return all(...)` computes the result: a loop);
    - a for loop whose body only asserts or raises (`for t in (x, y): assert t.dim() == 3`).
    A loop over rows (`range(x.shape[0])`, `range(x.size(0))`) is not one of them.
    """

    def dims(node: ast.expr) -> bool:
        if isinstance(node, ast.Attribute) and node.attr in ("shape", "ndim"):
            return True
        if isinstance(node, (ast.Tuple, ast.List)):  # (x, y): as many as the code wrote
            return not any(isinstance(e, ast.Starred) for e in node.elts)
        if isinstance(node, ast.Name) and node.id in star_args:  # *args / **kwargs, as written
            return True
        if isinstance(node, ast.Call):
            f = node.func
            if (
                isinstance(f, ast.Attribute)
                and f.attr in ("size", "stride", "dim")
                and not node.args
            ):
                return True
            if isinstance(f, ast.Attribute) and f.attr in ("items", "values", "keys"):
                return dims(f.value)
            if isinstance(f, ast.Name) and f.id in ("zip", "enumerate", "reversed", "len"):
                return any(map(dims, node.args))  # zip stops at its shortest argument
            if isinstance(f, ast.Name) and f.id == "range":
                return any(map(dims, node.args)) and all(
                    dims(a) or isinstance(a, ast.Constant) for a in node.args
                )
        return False

    def checks(stmt: ast.stmt) -> bool:
        if isinstance(stmt, (ast.Assert, ast.Raise, ast.Pass)):
            return True
        if isinstance(stmt, ast.If):
            return _raises_at_end(stmt.body) or (all(map(checks, stmt.body)) and all(map(checks, stmt.orelse)))  # fmt: skip
        return False

    def raises(body: list[ast.stmt]) -> bool:
        return any(isinstance(n, (ast.Assert, ast.Raise)) for stmt in body for n in ast.walk(stmt))

    if isinstance(loop, (ast.For, ast.AsyncFor)):
        only_checks = all(map(checks, loop.body)) and raises(loop.body) and not loop.orelse and changes_nothing(loop)  # fmt: skip
        return dims(loop.iter) or only_checks
    if isinstance(loop, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return all(dims(g.iter) for g in loop.generators) or id(loop) in in_any_all
    return False


def _raises_at_end(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Raise)


def _loops(nodes: list[ast.AST]) -> list[tuple[int, str]]:
    """(line, what) of every loop and comprehension that may do the work: not those that only
    check inputs (see _checks_only), nor those on an error path (building a message)."""
    on_error_path = check_only(nodes)  # error messages, and values only an input check reads
    in_any_all = {
        id(a)
        for test in check_tests(nodes)
        for n in ast.walk(test)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("any", "all")
        for a in n.args
        if id(a) in on_error_path  # and changes nothing (no out.append(v) inside)
    }
    star_args = {
        a.arg
        for n in nodes
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        for a in (n.args.vararg, n.args.kwarg)
        if a is not None
    }
    return [
        (n.lineno, _LOOP_NODES[type(n)])
        for n in nodes
        if type(n) in _LOOP_NODES
        and id(n) not in on_error_path
        and not _checks_only(n, in_any_all, star_args)
    ]
