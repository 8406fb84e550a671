"""Names the rules forbid or count: forbidden calls through aliases and strings, dynamic code,
slice assignments, reshaping-only subscripts, one-line bodies, moves to the GPU."""

from __future__ import annotations

import ast
import re

from torch101.grader.ops import canonical
from torch101.grader.spec import Rules
from torch101.grader.static.model import (
    _DYNAMIC_ATTR,
    _DYNAMIC_CODE,
    Finding,
    FunctionReport,
    _body,
    _dotted,
    _is_placeholder_statement,
)


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
