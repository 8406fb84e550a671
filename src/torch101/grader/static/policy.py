"""The static policy: what a pytorch101.py may import and touch, checked on its syntax tree.

It is checked in the trusted parent before anything runs. Rules (lists and reasons in
`policy_names.py`):

1. imports only from an allow-list (torch's numeric namespaces, typing, math, numpy, ...);
2. no attribute whose name starts with `_` (a class's own `self._cache` excepted), no dunder
   names but a few, no dunder methods that hook into torch or the interpreter;
3. no builtins that reach attributes, scopes or code by string (getattr, vars, eval, open, ...),
   no 3-argument type(), no frame or code attributes (f_back, tb_frame, ...);
4. attribute chains rooted at an import are resolved through the real modules, whatever the
   alias: a chain may not step onto a module off the allow-list (torch.os, torch.utils) nor
   name a denied function (torch.load).

A file that breaks the policy is still graded: every violation goes into `review` (a person
should look at the file), the function holding it fails, and so does every function that uses
it through the module's names (a helper, a class, `C = torch._C`, an import). Module-level code
that breaks the policy and calls something runs at import, so it fails every function. An
`if __name__ == "__main__":` block never runs in the grader and is not checked.

Why not RestrictedPython (zopefoundation): it compiles to different code whose attribute
reads, writes and imports go through guard functions supplied at run time, and it rejects every
name starting with `_` (`def _helper`, common in student code). The worker must run the
student's code unchanged, and the policy here needs what RestrictedPython leaves to its
guards: resolving torch's namespaces through aliases. Its ideas are kept (no underscore
attributes, no eval/exec/compile, guarded getattr, str.format's field access).
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass, field

from torch101.grader.static import policy_names as names
from torch101.grader.static.policy_tree import (
    alias_bound,
    alias_options,
    aliases_of,
    base_problem,
    bound,
    declared_encoding,
    dotted,
    never_runs,
    rebound,
    runs_at_import,
)

__all__ = ["Policy", "Violation", "check"]

_FORMAT_FIELD = re.compile(r"\{[^{}]*(\._|\[)")  # "{0.__class__}", "{0[x]}": reads by string


@dataclass(frozen=True)
class Violation:
    line: int
    message: str  # "line 12: torch._C is not allowed: ..." (for a student, one sentence)


@dataclass
class Policy:
    review: list[Violation] = field(default_factory=list)  # every violation, in line order
    units: dict[str, list[Violation]] = field(default_factory=dict)  # module name -> its own
    uses: dict[str, dict[str, int]] = field(default_factory=dict)  # name -> names it reads: line
    at_import: list[Violation] = field(default_factory=list)  # run at import: fail everything

    def for_function(self, name: str) -> list[Violation]:
        """The function's own violations, those of the module names it reaches, and import's."""
        found = list(self.units.get(name, []))
        own = {v.line for v in found}  # a line already flagged needs no second message
        found += [v for v in self.at_import if v.line not in own]
        seen, queue = {name}, [(dep, dep, line) for dep, line in sorted(self.uses.get(name, {}).items())]  # fmt: skip
        while queue:
            unit, hop, line = queue.pop(0)
            if unit in seen:
                continue
            seen.add(unit)
            if self.units.get(unit) and line not in own:
                via = "" if unit == hop else f", which leads to {unit}"
                first = self.units[unit][0].message
                found.append(Violation(line, f"line {line}: uses {hop}{via}; {first}"))
            queue += [(dep, hop, line) for dep in sorted(self.uses.get(unit, {}))]
        return sorted(set(found), key=lambda v: (v.line, v.message))


def check(tree: ast.Module, source: str = "") -> Policy:
    walker = _Walker(tree)
    for stmt in tree.body:
        walker.statement(stmt)
    policy = walker.policy
    encoding = declared_encoding(source)
    if encoding:
        walker.unit = ("<coding>",)
        walker.runs.append("<coding>")
        walker._add(ast.Pass(lineno=encoding[0]), f"the file declares the {encoding[1]} encoding, which is not allowed: the grader reads it as UTF-8, so save it as UTF-8 without that line")  # fmt: skip
    ran = [v for run in walker.runs for v in policy.for_function(run)]
    policy.at_import = [Violation(v.line, f"{v.message} (this runs when the file is imported, before any function)") for v in dict.fromkeys(ran)]  # fmt: skip
    policy.review = sorted(set(policy.review), key=lambda v: (v.line, v.message))
    return policy


class _Walker(ast.NodeVisitor):
    """One pass over the tree: violations by module-level name, and which names each one reads."""

    def __init__(self, tree: ast.Module) -> None:
        self.policy = Policy()
        nodes = list(ast.walk(tree))  # one walk for the whole-file facts below
        self.aliases = aliases_of(nodes)
        self.options = alias_options(nodes, self.aliases)
        self.module_bound = bound(tree)
        self.rebound = rebound(nodes)
        self.classes = {n.name for n in nodes if isinstance(n, ast.ClassDef)}
        self.stored_attrs = {n.attr for n in nodes if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Load)}  # fmt: skip
        self.star_denied: str | None = None  # `from os import *`: unknown names may be os's
        self.scopes: list[tuple[ast.AST, set[str]]] = []
        self.selves: list[str] = []  # first parameters of the enclosing methods
        self.unit: tuple[str, ...] = ()
        self.skip: set[int] = set()  # nodes already judged (an allowed attrgetter's name)
        self.inner: set[int] = set()  # attribute nodes inside a longer chain
        self.runs: list[str] = []  # units of module-level statements that run at import
        # nodes read as the object of an attribute (`torch` in torch.mm), and right-hand sides
        # of alias assignments (`T = torch`): the two ways a module may be used
        self.bases: set[int] = set()
        self.alias_values: set[int] = set()
        self.lazy_annotations = any(
            isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
            for n in tree.body
        )  # fmt: skip

    # --- module level ------------------------------------------------------------------------
    def statement(self, stmt: ast.stmt) -> None:
        if never_runs(stmt, self.aliases, self.rebound):
            for other in stmt.orelse:  # the else branch does run at import
                self.statement(other)
            return
        if isinstance(stmt, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            for child in ast.iter_child_nodes(stmt):
                self.unit = ()
                if isinstance(child, ast.stmt):
                    self.statement(child)
                elif isinstance(child, ast.ExceptHandler):
                    for s in child.body:
                        self.statement(s)
                else:
                    self._run_at_module_level(child)  # a test, an iterable, a with item
            return
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.unit = (stmt.name,)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for a in stmt.names:
                self.unit = (a.asname or a.name.split(".")[0],) if a.name != "*" else ("*",)
                self._import(stmt, a)
            return
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            named = [e for t in targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])]  # fmt: skip
            named = [e.value if isinstance(e, ast.Starred) else e for e in named]
            self.unit = tuple(e.id for e in named if isinstance(e, ast.Name))
        else:
            self.unit = ()
        self._run_at_module_level(stmt)

    def _run_at_module_level(self, node: ast.AST) -> None:
        """Code outside defs runs at import. A statement that calls or assigns something (or a
        module-level dunder def, a hook) gets a unit of its own: what it reaches fails all."""
        defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        hooks = isinstance(node, defs) and node.name.startswith("__")  # a module __getattr__
        if hooks or runs_at_import(node, self.lazy_annotations):
            self.unit = (*self.unit, f"<line {getattr(node, 'lineno', 0)}>")
            self.runs.append(self.unit[-1])
        self.visit(node)

    def _add(self, node: ast.AST, message: str) -> None:
        line = getattr(node, "lineno", 0)
        v = Violation(line, f"line {line}: {message}")
        self.policy.review.append(v)
        for unit in self.unit or ("",):
            if unit and v not in self.policy.units.setdefault(unit, []):
                self.policy.units[unit].append(v)

    # --- rule 1: imports -----------------------------------------------------------------
    def _import(self, node: ast.Import | ast.ImportFrom, alias: ast.alias) -> None:
        if isinstance(node, ast.Import):
            module, what = alias.name, alias.name
        else:
            module = "." * node.level + (node.module or "")
            what = f"{module}.{alias.name}" if alias.name != "*" else module
        if not names.allowed_module(module) or getattr(node, "level", 0):
            if alias.name == "*":
                self.star_denied = module
            self._add(node, f"import of {module} is not allowed: {names.IMPORTS}")
        elif alias.name.startswith("_"):
            self._add(node, f"importing {alias.name} is not allowed: names starting with _ are internals")  # fmt: skip
        elif alias.name != "*" and isinstance(node, ast.ImportFrom):
            why = names.resolve(what)
            if why:
                self._add(node, why)

    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            self._import(node, a)

    visit_ImportFrom = visit_Import  # type: ignore[assignment]

    # --- scopes ----------------------------------------------------------------------------
    def _scoped(self, node: ast.AST) -> None:
        self.scopes.append((node, bound(node)))
        self.generic_visit(node)
        self.scopes.pop()

    def _where(self, name: str) -> str:
        """'local', 'module' or 'builtin': where a name read in the current scope comes from."""
        for k, (scope, names_bound) in enumerate(reversed(self.scopes)):
            if isinstance(scope, ast.ClassDef) and k > 0:
                continue  # a class body's names are not visible in its methods
            if name in names_bound:
                return "local"
        return "module" if name in self.module_bound else "builtin"

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        in_class = bool(self.scopes) and isinstance(self.scopes[-1][0], ast.ClassDef)
        dunder = node.name.startswith("__") and node.name.endswith("__")
        if dunder and not (in_class and node.name in names.ALLOWED_DUNDER_METHODS):
            self._add(node, f"defining {node.name} is not allowed: it hooks into torch or the interpreter, around the grader's checks")  # fmt: skip
        static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)  # fmt: skip
        params = node.args.posonlyargs + node.args.args
        self.selves.append(params[0].arg if in_class and params and not static else "")
        a = node.args
        annotations = [p.annotation for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p and p.annotation]  # fmt: skip
        annotations += [node.returns] if node.returns else []
        if self.lazy_annotations:
            annotations = []  # `from __future__ import annotations`: strings, never evaluated
        for d in [*node.decorator_list, *a.defaults, *filter(None, a.kw_defaults), *annotations]:  # fmt: skip
            self.visit(d)  # evaluated in the enclosing scope
        self.scopes.append((node, bound(node)))
        at_import, self.unit = self.unit, tuple(u for u in self.unit if not u.startswith("<"))
        for child in node.body:
            self.visit(child)  # a body runs when called, not at import
        self.unit = at_import
        self.scopes.pop()
        self.selves.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for kw in node.keywords:
            self._add(kw.value, f"class {node.name}({kw.arg}=...) is not allowed: it changes how the class is made")  # fmt: skip
        for base in node.bases:
            builtin = isinstance(base, ast.Name) and self._where(base.id) == "builtin"
            why = base_problem(base, self.aliases, self.classes, builtin=builtin)
            if why:
                self._add(base, why.format(f"class {node.name}({ast.unparse(base)})"))
        self._scoped(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_Lambda  # type: ignore[assignment]

    # --- rules 2-4: names and attributes ----------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        where = self._where(node.id)
        if where == "module" and isinstance(node.ctx, ast.Load):
            for unit in self.unit:
                self.policy.uses.setdefault(unit, {}).setdefault(node.id, node.lineno)
        allowed = (
            names.ALLOWED_DUNDER_NAMES if isinstance(node.ctx, ast.Load) else names.DUNDER_SETTINGS
        )
        if node.id.startswith("__") and node.id.endswith("__") and node.id not in allowed:
            self._add(node, f"{node.id} is not allowed: it reaches the interpreter's internals")
        elif self.aliases.get(node.id) in names.GUARDED and where != "local" and id(node) not in self.skip:  # fmt: skip
            self._add(node, names.GUARDED[self.aliases[node.id]])
        elif self._module_as_value(node, node.id):
            self._add(node, f"using the module {node.id} as a value is not allowed: what is reached through it could not be checked")  # fmt: skip
        elif where == "builtin" and node.id in names.DENIED_BUILTINS:
            self._add(node, f"{node.id} is not allowed: {names.DENIED_BUILTINS[node.id]}")
        elif where == "builtin" and node.id in self.aliases and isinstance(node.ctx, ast.Load):
            why = names.resolve(self.aliases[node.id])  # a name from `from torch import *`
            if why:
                self._add(node, why)
        elif where == "builtin" and self.star_denied and isinstance(node.ctx, ast.Load) and node.id not in vars(builtins):  # fmt: skip
            self._add(node, f"{node.id} comes from `from {self.star_denied} import *`, which is not allowed")  # fmt: skip

    def visit_Attribute(self, node: ast.Attribute) -> None:
        """One message per chain (`a.b.c`): its innermost broken link, else the whole chain."""
        if id(node) not in self.inner:
            chain = [node]
            while isinstance(chain[-1].value, ast.Attribute):
                chain.append(chain[-1].value)
            self.inner.update(id(n) for n in chain[1:])
            self.bases.update(id(n.value) for n in chain)
            broken = next(((n, why) for n in reversed(chain) if (why := self._attribute(n))), None)
            chain_name = dotted(node, self.aliases)
            if broken is None and chain_name and not isinstance(node.ctx, ast.Load):
                broken = (node, f"assigning {ast.unparse(node)} is not allowed: it changes {chain_name} for the grader too")  # fmt: skip
            elif broken is None and chain_name and names.allowed_module(chain_name.split(".")[0]):
                root = chain[-1].value
                primary = self.aliases.get(getattr(root, "id", ""), chain_name)
                roots = self.options.get(getattr(root, "id", ""), {primary})  # F rebound: each one
                rest = chain_name[len(primary) :]
                why = next(filter(None, (names.resolve(r + rest) for r in sorted(roots))), None)
                broken = (node, why) if why else None
                if broken is None and isinstance(root, ast.Name) and self._module_as_value(node, root.id):  # fmt: skip
                    broken = (node, f"using the module {ast.unparse(node)} as a value is not allowed: what is reached through it could not be checked")  # fmt: skip
            if broken is not None:
                self._add(*broken)
        self.generic_visit(node)

    def _attribute(self, node: ast.Attribute) -> str | None:
        """Why reading this attribute, whatever its object, is not allowed (rules 2 and 3)."""
        attr = node.attr
        if attr in names.DENIED_ATTRS:
            return f".{attr} is not allowed: {names.DENIED_ATTRS[attr]}"
        if attr.startswith("__") and attr.endswith("__"):
            base = node.value
            super_init = attr == "__init__" and isinstance(base, ast.Call) and getattr(base.func, "id", "") == "super"  # fmt: skip
            if super_init or (
                attr in names.ALLOWED_DUNDER_ATTRS and isinstance(node.ctx, ast.Load)
            ):
                return None
            return f".{attr} is not allowed: dunder attributes reach the interpreter's internals"
        if attr.startswith("_") and not self._own_private(node):
            return f"{ast.unparse(node)} is not allowed: attributes starting with _ are internals of torch or Python"  # fmt: skip
        guarded = names.GUARDED.get(dotted(node, self.aliases) or "")
        if guarded and id(node) not in self.skip:
            return guarded
        return None

    def _module_as_value(self, node: ast.expr, name: str) -> bool:
        """A module passed around (`[torch][0]`, `return np`, `class A: t = torch`) hides the
        chains read from it later; honest code only reads attributes of modules or aliases them
        (`T = torch` at module or function level, which the resolver follows)."""
        if not isinstance(node.ctx, ast.Load) or id(node) in self.bases or id(node) in self.alias_values:  # fmt: skip
            return False
        dotted_name = dotted(node, self.aliases)
        if not dotted_name or not names.is_module(dotted_name):
            return False
        if "._" in dotted_name or names.resolve(dotted_name):
            return False  # a module that is not allowed at all: that is the message
        scope = next((s for s, b in reversed(self.scopes) if name in b and not isinstance(s, ast.ClassDef)), None)  # fmt: skip
        return scope is None or name in alias_bound(scope)  # a local `F = 3` is not the module F

    def visit_Assign(self, node: ast.Assign) -> None:
        in_class = bool(self.scopes) and isinstance(self.scopes[-1][0], ast.ClassDef)
        if not in_class and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.alias_values.add(id(node.value))  # `T = torch`: followed as an alias
        self.generic_visit(node)

    def _own_private(self, node: ast.Attribute) -> bool:
        """`self._cache` in a method of the file's class, set by the file, not a torch name."""
        base = node.value
        return (
            isinstance(base, ast.Name)
            and base.id in self.selves
            and base.id != ""
            and node.attr in self.stored_attrs
            and node.attr not in names.internal_names()
        )

    def visit_MatchClass(self, node: ast.MatchClass) -> None:
        """`case object(_version=v)` reads attributes by name, without an attribute node."""
        for attr in node.kwd_attrs:
            fake = ast.Attribute(value=node.cls, attr=attr, ctx=ast.Load(), lineno=node.lineno)
            why = self._attribute(fake)
            if why:
                self._add(node, why)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        called = dotted(func, self.aliases) or ""
        if isinstance(func, ast.Name) and func.id == "type" and len(node.args) == 3 and self._where("type") == "builtin":  # fmt: skip
            self._add(node, "type() with 3 arguments is not allowed: it makes classes at run time")
        if called in names.GUARDED and self._constant_names(node, called):
            self.skip.add(id(func))
        if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map"):
            base = func.value
            if isinstance(base, ast.Constant) and isinstance(base.value, str) and _FORMAT_FIELD.search(base.value):  # fmt: skip
                self._add(node, "str.format() with attribute or item fields is not allowed: it reads attributes by string")  # fmt: skip
        self.generic_visit(node)

    @staticmethod
    def _constant_names(node: ast.Call, called: str) -> bool:
        """attrgetter("shape"): constant, public names only (methodcaller: the first argument)."""
        args = node.args[:1] if called.endswith("methodcaller") else node.args
        return bool(args) and not node.keywords[: 0 if called.endswith("methodcaller") else None] and all(
            isinstance(a, ast.Constant) and isinstance(a.value, str)
            and not any(p.startswith("_") or p in names.DENIED_ATTRS for p in a.value.split("."))
            for a in args
        )  # fmt: skip
