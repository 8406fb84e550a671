"""Rule checks on the student's syntax tree: trusted, nothing is executed.

A static check alone can be fooled (aliases, getattr with strings, eval), so it is hardened
where it is cheap (import aliases are resolved, attribute *reads* are flagged, not only calls,
string constants are searched, recursion is found through the module's call graph) and the
verdict also needs the run-time log of torch calls (`judge.py`). Its job is the friendly part:
which rule, at which line.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from torch101.grader import policy as _policy
from torch101.grader.input_checks import changes_nothing, check_only, check_tests
from torch101.grader.ops import canonical
from torch101.grader.spec import Rules

__all__ = ["Finding", "FunctionReport", "Module", "check_function", "parse"]

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
    loops: int = 0  # explicit loops and comprehensions in the body
    moves_to_gpu: bool = False  # .cuda() or .to("cuda") appears in the body
    moves_to_cpu: bool = False  # .cpu() or .to("cpu") appears in the body

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


# --- per-function checks -------------------------------------------------------------------


def check_function(module: Module, name: str, rules: Rules) -> FunctionReport:
    fn = module.functions.get(name)
    report = FunctionReport(name)
    if fn is None:
        return report
    report.defined, report.line = True, fn.lineno
    report.stub = _is_stub(fn)
    if report.stub:
        return report
    report.findings += [Finding("policy", v.line, v.message) for v in module.policy.for_function(name)]  # fmt: skip
    aliases = {**module.aliases, **_aliases(ast.walk(fn))}
    nodes = list(ast.walk(fn))
    loops = _loops(nodes)
    report.loops = len(loops)
    hidden = _hidden_loops(nodes, aliases) + _recursion(module, name) + _nested_recursion(fn)
    if rules.no_loops:
        hidden += _helper_loops(module, name)
    report.findings += _loop_findings(rules, fn, loops, hidden)
    for names, rule in ((rules.forbidden, "forbidden"), (rules.half_credit, "half_credit")):
        if names:
            report.findings += _uses(nodes, aliases, names, rule)
    if rules.any:
        report.findings += _dynamic(
            nodes, aliases, strict=bool(rules.forbidden or rules.half_credit or rules.only)
        )
    if rules.int_values:
        report.findings += _slice_assignments(nodes, rules)
    if rules.subscripts_reshape_only:
        report.findings += _non_reshape_subscripts(nodes, rules)
    if rules.one_line:
        report.findings += _one_line(fn)
    if rules.gpu_round_trip:
        _gpu_moves(report, nodes)
    # A line the rules already flag as dynamic code needs no second, policy message.
    dynamic = {f.line for f in report.findings if f.rule == "dynamic"}
    report.findings = [f for f in report.findings if not (f.rule == "policy" and f.line in dynamic)]  # fmt: skip
    report.findings.sort(key=lambda f: f.line)
    return report


def _loop_findings(rules: Rules, fn: ast.FunctionDef, loops: list, hidden: list) -> list[Finding]:
    """No loops at all, or exactly one explicit loop (the batched matmul loop version)."""
    if rules.no_loops:
        return [Finding("loop", line, f"line {line}: {what}") for line, what in dict.fromkeys(loops + hidden)]  # fmt: skip
    if not (rules.one_loop or rules.loop_switch):
        return []
    found = [
        Finding("loop", line, f"line {line}: {what}; write one explicit for loop over the batch")
        for line, what in hidden
    ]
    if len(loops) > 1:
        lines = ", ".join(str(line) for line, _ in loops)
        found.append(Finding("loop", loops[1][0], f"lines {lines}: {len(loops)} loops; use a single explicit loop over B"))  # fmt: skip
    elif not loops:
        found.append(Finding("loop", fn.lineno, f"line {fn.lineno}: {fn.name} has no explicit loop"))  # fmt: skip
    return found


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


def _uses(nodes, aliases, names: tuple[str, ...], rule: str) -> list[Finding]:
    """Reads of a forbidden name: attributes, imported aliases and string constants."""
    # A string that is the name, or reads like code using it ("x.numel()"); not prose ("the mean").
    alt = "|".join(map(re.escape, names))
    pattern = re.compile(rf"^\s*({alt})\s*$|\.\s*({alt})\b|\b({alt})\(")
    found: dict[tuple[int, str], str] = {}
    docstrings = {id(n.value) for n in nodes if isinstance(n, ast.Expr)}
    prose = {id(c) for c in _message_strings(nodes)}
    for node in nodes:
        hit, name = None, ""
        if isinstance(node, ast.Attribute) and node.attr in names:
            hit, name = f"{_dotted(node, aliases) or '.' + node.attr}", node.attr
        elif (
            isinstance(node, ast.Name)
            and "." in aliases.get(node.id, "")
            and aliases[node.id].rsplit(".", 1)[-1] in names
        ):
            hit, name = (
                f"{node.id} (imported as {aliases[node.id]})",
                aliases[node.id].rsplit(".", 1)[-1],
            )
        elif isinstance(node, ast.alias) and (node.name.rsplit(".", 1)[-1] in names):
            hit, name = node.name, node.name.rsplit(".", 1)[-1]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and id(node) not in prose
            and pattern.search(node.value)
        ):
            match = pattern.search(node.value)
            hit, name = f"the string {node.value!r}", next(g for g in match.groups() if g)
        if hit and getattr(node, "lineno", None) is not None:
            found.setdefault((node.lineno, hit), name)
    verb = (
        "gives half credit, as the assignment says" if rule == "half_credit" else "is not allowed"
    )
    return [
        Finding(
            rule,
            line,
            f"line {line}: {hit} {verb}",
            penalty=rule != "half_credit",
            subject=canonical(name),
        )  # fmt: skip
        for (line, hit), name in sorted(found.items())
    ]


def _message_strings(nodes) -> list[ast.Constant]:
    """String constants that are messages for people: f-strings, assert messages, raised
    exceptions, print() and warnings. Code that names a function there calls nothing."""
    roots: list[ast.AST] = []
    for node in nodes:
        if isinstance(node, ast.JoinedStr):
            roots.append(node)
        elif isinstance(node, ast.Assert) and node.msg is not None:
            roots.append(node.msg)
        elif isinstance(node, ast.Raise) and node.exc is not None:
            roots.append(node.exc)
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            called = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if called in ("print", "warn", "debug", "info", "warning", "error"):
                roots.append(node)
    return [c for root in roots for c in ast.walk(root) if isinstance(c, ast.Constant) and isinstance(c.value, str)]  # fmt: skip


def _dynamic(nodes, aliases, *, strict: bool) -> list[Finding]:
    """eval/exec always hide code from the grader; getattr with a computed name hides a call."""
    found = []
    internal = sorted({
        node.lineno
        for node in nodes
        if isinstance(node, ast.Attribute)
        and (_dotted(node, aliases) or "").startswith(("torch.ops.", "torch._C.", "torch._ops."))
    })  # fmt: skip
    found += [
        Finding(
            "dynamic",
            line,
            f"line {line}: torch.ops / torch._C reach torch's internal operators, which the rules cannot follow; use the public API",
        )  # fmt: skip
        for line in internal
    ]
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        dotted = _dotted(node.func, aliases) or ""
        last = dotted.rsplit(".", 1)[-1]
        if dotted in _DYNAMIC_CODE:
            found.append(
                Finding(
                    "dynamic",
                    node.lineno,
                    f"line {node.lineno}: {dotted}() hides code from the rules; write the code out",
                )
            )
        elif strict and last in _DYNAMIC_ATTR:
            args = node.args[1:2] if last == "getattr" else node.args[:1]
            if not all(isinstance(a, ast.Constant) for a in args):
                found.append(
                    Finding(
                        "dynamic",
                        node.lineno,
                        f"line {node.lineno}: {last}() with a computed name hides which function is called",
                    )
                )
    return found


def _slice_assignments(nodes, rules: Rules) -> list[Finding]:
    found, count = [], 0
    for node in nodes:
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
    if rules.max_setitem is not None and count > rules.max_setitem:
        line = next(n.lineno for n in nodes if isinstance(n, (ast.Assign, ast.AugAssign)))
        found.append(
            Finding(
                "slice_assign",
                line,
                f"{count} slice assignments; at most {rules.max_setitem} are allowed",
            )
        )
    return found


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


def _non_reshape_subscripts(nodes, rules: Rules) -> list[Finding]:
    """x[None], x[:, None], x[..., None] only add axes: reshaping. Anything else is indexing."""

    def reshape_only(key: ast.expr) -> bool:
        parts = key.elts if isinstance(key, ast.Tuple) else [key]
        return all(
            (isinstance(p, ast.Constant) and p.value in (None, Ellipsis))
            or (isinstance(p, ast.Slice) and p.lower is p.upper is p.step is None)
            for p in parts
        )

    # `shape = x.shape` (or x.size()), then shape[0]: still metadata
    shapes = {
        t.id
        for n in nodes
        if isinstance(n, ast.Assign) and _is_metadata(n.value) and not isinstance(n.value, ast.Name)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    return [
        Finding("only", n.lineno, f"line {n.lineno}: indexing {ast.unparse(n)} is not allowed (allowed: {rules.only_what})")
        for n in nodes
        if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load) and not reshape_only(n.slice)
        and not _is_metadata(n.value) and not (isinstance(n.value, ast.Name) and n.value.id in shapes)
    ]  # fmt: skip


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


def _one_line(fn: ast.FunctionDef) -> list[Finding]:
    """Statements that do the work: not the scaffolding, not asserts or validation calls."""
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


def _gpu_moves(report: FunctionReport, nodes) -> None:
    for node in nodes:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attr = node.func.attr
        text = ast.unparse(node)
        if attr == "cuda" or (attr == "to" and "cuda" in text):
            report.moves_to_gpu = True
        if attr == "cpu" or (attr == "to" and "cpu" in text):
            report.moves_to_cpu = True
        if attr == "to" and "cuda" in text:
            report.findings.append(
                Finding(
                    "advice",
                    node.lineno,
                    f"line {node.lineno}: {text}; the template asks for .cuda() (advice, no points lost)",
                    penalty=False,
                )
            )
