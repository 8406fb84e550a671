"""Which functions a save changed, from a digest per top-level function.

A function's digest covers its own code, the module-level code and every function it uses by
name, so that a changed helper marks its callers too. Syntax trees are compared, so comments,
blank lines and moved lines do not count.
"""

from __future__ import annotations

import ast
import hashlib

__all__ = ["changed_functions", "fingerprints"]


def fingerprints(tree: ast.Module) -> dict[str, str]:
    """Per top-level function, a digest of its code, of the module-level code and of every
    function it uses by name (transitively): equal digests, equal code to run."""
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}  # fmt: skip
    module = ast.dump(ast.Module([n for n in tree.body if n not in functions.values()], []))
    own = {name: ast.dump(fn) for name, fn in functions.items()}
    # Any use of another function by name counts (a call, or passing it on: map(helper, ...)).
    uses = {
        name: {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id in functions}
        for name, fn in functions.items()
    }
    digests = {}
    for name in functions:
        seen, todo = {name}, [name]
        while todo:
            for callee in uses[todo.pop()] - seen:
                seen.add(callee)
                todo.append(callee)
        text = module + "".join(own[n] for n in sorted(seen))
        digests[name] = hashlib.sha256(text.encode()).hexdigest()
    return digests


def changed_functions(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Names whose digest differs (new, changed, or now calling something that changed)."""
    return {name for name, digest in after.items() if before.get(name) != digest}
