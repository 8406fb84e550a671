"""Names in a function's syntax tree: reads of given names, and code that hides what is called.

Reads of given names are found through aliases and strings (for the rules that judge names);
dynamic code is what hides which function is called.
"""

from __future__ import annotations

import ast
import re

from torch101.grader.ops import canonical
from torch101.grader.static.model import (
    _DYNAMIC_ATTR,
    _DYNAMIC_CODE,
    Finding,
    _dotted,
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
