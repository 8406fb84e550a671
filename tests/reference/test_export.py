"""The export: `torch101 solution --template 2020|2022` writes a standalone pytorch101.py.

The expected names, order and signatures come from the spec (section 1), not from the code.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from torch101.reference import cli as solution_cli

from . import _notebook

# Spec section 1a/1b: file order and parameters (name, default) of every function.
_HEAD = [
    ("hello", ""),
    ("create_sample_tensor", ""),
    ("mutate_tensor", "x, indices, values"),
    ("count_tensor_elements", "x"),
    ("create_tensor_of_pi", "M, N"),
    ("multiples_of_ten", "start, stop"),
    ("slice_indexing_practice", "x"),
    ("slice_assignment_practice", "x"),
    ("shuffle_cols", "x"),
    ("reverse_rows", "x"),
    ("take_one_elem_per_col", "x"),
]
SPEC = {
    "2020": _HEAD
    + [
        ("count_negative_entries", "x"),
        ("make_one_hot", "x"),
        ("reshape_practice", "x"),
        ("zero_row_min", "x"),
        ("batched_matrix_multiply", "x, y, use_loop=True"),
        ("normalize_columns", "x"),
        ("mm_on_cpu", "x, w"),
        ("mm_on_gpu", "x, w"),
    ],
    "2022": _HEAD
    + [
        ("make_one_hot", "x"),
        ("sum_positive_entries", "x"),
        ("reshape_practice", "x"),
        ("zero_row_min", "x"),
        ("batched_matrix_multiply", "x, y, use_loop=True"),
        ("batched_matrix_multiply_loop", "x, y"),
        ("batched_matrix_multiply_noloop", "x, y"),
        ("normalize_columns", "x"),
        ("mm_on_cpu", "x, w"),
        ("mm_on_gpu", "x, w"),
        ("challenge_mean_tensors", "xs, ls"),
        ("challenge_get_uniques", "x"),
    ],
}
ALLOWED_IMPORTS = set(sys.stdlib_module_names) | {"__future__", "torch"}
TEMPLATES = sorted(SPEC)
NOTEBOOK = Path(_notebook.__file__)


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


@pytest.fixture(scope="module", params=TEMPLATES)
def exported(request, tmp_path_factory) -> tuple[str, Path]:
    """The template and its exported file, written through the room's CLI entry point."""
    out = tmp_path_factory.mktemp(f"export{request.param}") / "pytorch101.py"
    code = solution_cli.run(argparse.Namespace(template=request.param, out=str(out)))
    assert code == 0
    return request.param, out


def _import(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _top_level_functions(source: str) -> list[ast.FunctionDef]:
    return [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]


def test_imports_only_torch_and_the_standard_library(exported) -> None:
    _, path = exported
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            modules = [node.module]
        else:
            continue
        for m in modules:
            assert m.split(".")[0] in ALLOWED_IMPORTS, m
    assert (
        "torch101" not in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        and "import torch101" not in path.read_text()
    )


def test_defines_the_template_functions_in_order(exported) -> None:
    template, path = exported
    names = [f.name for f in _top_level_functions(path.read_text())]
    wanted = [name for name, _ in SPEC[template]]
    assert [n for n in names if n in wanted] == wanted  # each once, in file order


def test_defines_no_other_public_function(exported) -> None:
    """A student's file defines exactly the template's functions; helpers should be private
    (leading underscore) so that tools listing a module's functions see the template only."""
    template, path = exported
    public = [f.name for f in _top_level_functions(path.read_text()) if not f.name.startswith("_")]
    assert public == [name for name, _ in SPEC[template]]


def test_signatures_match_the_template(exported) -> None:
    template, path = exported
    module = _import(path, f"pytorch101_signatures_{template}")
    for name, params in SPEC[template]:
        sig = inspect.signature(getattr(module, name))
        shown = ", ".join(
            p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
            for p in sig.parameters.values()
        )
        assert shown == params, f"{name}({shown})"


@pytest.mark.parametrize(
    ("template", "check"),
    [(t, c.__name__) for t in TEMPLATES for c in _notebook.CHECKS[t]],
)
def test_exported_file_passes_the_notebook_checks(template, check, tmp_path) -> None:
    path = tmp_path / "pytorch101.py"
    assert solution_cli.run(argparse.Namespace(template=template, out=str(path))) == 0
    module = _import(path, f"pytorch101_checks_{template}_{check}")
    getattr(_notebook, check)(module)


_STANDALONE = """
import importlib.util, json, sys
sys.modules["torch101"] = None  # any import of torch101 now fails
import pytorch101
spec = importlib.util.spec_from_file_location("_notebook", sys.argv[1])
notebook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebook)
print(json.dumps({"failed": notebook.run_all(pytorch101, sys.argv[2]),
                  "torch101_loaded": any(m.startswith("torch101") for m in sys.modules if sys.modules[m])}))
"""


def test_runs_standalone_without_torch101(exported) -> None:
    template, path = exported
    proc = _run("-c", _STANDALONE, str(NOTEBOOK), template, cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"failed": [], "torch101_loaded": False}


@pytest.mark.parametrize("template", TEMPLATES)
def test_python_m_torch101_solution_stdout(template, tmp_path) -> None:
    proc = _run("-m", "torch101", "solution", "--template", template)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "pytorch101.py"
    solution_cli.run(argparse.Namespace(template=template, out=str(out)))
    assert proc.stdout == out.read_text()
    compile(proc.stdout, "pytorch101.py", "exec")


def test_python_m_torch101_solution_out_file(tmp_path) -> None:
    out = tmp_path / "sub.py"
    proc = _run("-m", "torch101", "solution", "--template", "2020", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    names = [f.name for f in _top_level_functions(out.read_text())]
    assert "count_negative_entries" in names and "challenge_get_uniques" not in names


def test_unknown_template_lists_the_allowed_values() -> None:
    proc = _run("-m", "torch101", "solution", "--template", "2019")
    assert proc.returncode == 2
    assert "2020" in proc.stderr and "2022" in proc.stderr
