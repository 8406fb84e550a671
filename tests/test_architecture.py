"""The import rules that define the architecture, read from every module's syntax tree.

Rooms: `reference/` (the library), `tour/`, `grader/` (with `grader/jail/`, the untrusted side),
`bench/`, `fast/`; the face `cli.py` only parses arguments and dispatches; `_cli.py` and
`_lazy.py` are the ground floor every room may use. Data flows one way: a room imports itself, `reference/` and
the ground floor, and `bench/` also measures `fast/`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "torch101"
ROOMS = ("reference", "tour", "grader", "bench", "fast")
GROUND = {"torch101", "torch101._cli", "torch101._lazy"}  # the package's __init__, the shared helpers
ALLOWED = {  # room -> rooms it may import besides itself and the ground floor
    "reference": set(),
    "fast": {"reference"},
    "tour": {"reference"},
    "grader": {"reference"},
    "bench": {"reference", "fast"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every torch101 module a file imports, at any depth (function-level imports too)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return [(line, t) for line, t in found if t == "torch101" or t.startswith("torch101.")]


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else None


FILES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_rooms(path):
    here = _module_name(path)
    room = _room(here)
    bad = []
    for line, target in _imports(path):
        if target in GROUND or target.startswith(("torch101._cli", "torch101._lazy")):
            continue
        if target == "torch101.cli" or target.startswith("torch101.cli."):
            if here != "torch101.__main__":
                bad.append((line, target, "only __main__ may import the face (cli.py)"))
            continue
        other = _room(target)
        if room is None or other is None or other == room:
            continue
        if other not in ALLOWED[room]:
            bad.append((line, target, f"{room}/ may not import {other}/"))
    assert not bad, f"{path.relative_to(SRC)}: {bad}"


@pytest.mark.parametrize(
    "path", sorted((SRC / "grader" / "jail").glob("*.py")), ids=lambda p: p.name
)
def test_the_jail_imports_nothing_of_torch101(path):
    outside = [(n, t) for n, t in _imports(path) if not t.startswith("torch101.grader.jail")]
    assert outside == [], f"grader/jail/{path.name} must stand alone in the sandbox: {outside}"


def test_the_rules_see_every_room():
    assert {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(ROOMS)


def test_the_report_and_the_weights_do_not_import_the_judge():
    """The output side reads results; the judge reads the weights (Credits), never the reverse."""
    files = [*sorted((SRC / "grader" / "report").glob("*.py")), SRC / "grader" / "weights.py"]
    found = [
        (str(p.relative_to(SRC)), line, target)
        for p in files
        for line, target in _imports(p)
        if target == "torch101.grader.judge" or target.startswith("torch101.grader.judge.")
    ]
    assert found == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_module_opens_with_a_one_line_summary(path):
    """A docstring whose first line is one whole sentence (at most 99 characters with its quotes,
    ending in a period); any details follow after a blank line."""
    tree = ast.parse(path.read_text())
    doc = ast.get_docstring(tree, clean=False)
    where = path.relative_to(SRC)
    assert doc and doc.strip(), f"{where}: no module docstring"
    first, *rest = doc.split("\n")
    opening = path.read_text().splitlines()[tree.body[0].lineno - 1]
    assert len(opening) <= 99, f"{where}: the first line is {len(opening)} characters (at most 99)"
    assert first.strip().endswith("."), f"{where}: not one whole sentence: {first!r}"
    assert not rest or not rest[0].strip(), f"{where}: a blank line must follow the summary line"
