"""The blank template against the grader: its stubs are `not_implemented` everywhere, and the
reference filled into it (each stub body replaced by the reference function's body) passes
every check of both templates."""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

from torch101 import reference
from torch101.grader.api import grade
from torch101.reference import _checks
from torch101.reference.blank import blank_source
from torch101.reference.templates import TEMPLATES

from .inprocess import InProcessSession


def _filled(template: str) -> str:
    """The blank file with every stub's body replaced by the reference's (helpers appended)."""
    tree = ast.parse(blank_source(template))
    provided = TEMPLATES[template].provided
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef) and fn.name not in provided:
            ref = ast.parse(textwrap.dedent(inspect.getsource(getattr(reference, fn.name))))
            body = ref.body[0].body
            fn.body = fn.body[:1] + body[1:]  # keep the blank's docstring, drop the reference's
    helpers = inspect.getsource(_checks).split("import torch\n", 1)[1]
    return (
        "import math, numbers, operator\nfrom typing import Any\n"
        + ast.unparse(tree)
        + "\n"
        + helpers
    )


@pytest.mark.parametrize("template", ["2020", "2022"])
def test_the_stubs_are_not_implemented_for_every_function(tmp_path, template):
    path = tmp_path / "pytorch101.py"
    path.write_text(blank_source(template))
    result = grade(path)  # the real grader: nothing runs, so no worker starts
    assert result.template == template
    assert {f.status for f in result.functions} == {"not_implemented"}
    assert all("stub" in f.summary for f in result.functions)
    assert result.score == 0 and result.exit_code == 1


@pytest.mark.parametrize("template", ["2020", "2022"])
def test_the_reference_filled_in_passes_every_check(tmp_path, template):
    path = tmp_path / "pytorch101.py"
    path.write_text(_filled(template))
    result = grade(path, random_cases=10, session_factory=InProcessSession)
    assert result.template == template
    failed = {f.name: f.messages for f in result.functions if f.status not in ("pass", "skipped")}
    assert failed == {}
    assert len(result.functions) == len(TEMPLATES[template].functions) - len(
        TEMPLATES[template].provided
    )
