"""Every check cell of the notebook (spec section 2b), against the reference library."""

from __future__ import annotations

import inspect
import re

import pytest

from torch101 import reference

from . import _notebook

ALL_CHECKS = sorted(
    {check for checks in _notebook.CHECKS.values() for check in checks}, key=lambda c: c.__name__
)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
def test_notebook_check(check) -> None:
    check(reference)


@pytest.mark.parametrize("template", sorted(_notebook.CHECKS))
def test_every_template_function_has_a_check(template: str) -> None:
    """The checks call every function of the template (mm_on_gpu has its own CUDA check)."""
    source = "\n".join(inspect.getsource(check) for check in _notebook.CHECKS[template])
    called = {
        name
        for name in reference.TEMPLATES[template].functions
        if re.search(rf"\bm\.{name}\b", source)
    }
    assert set(reference.TEMPLATES[template].functions) - called == {"mm_on_gpu"} | (
        {"challenge_mean_tensors", "challenge_get_uniques"} if template == "2022" else set()
    )


@pytest.mark.cuda
def test_notebook_mm_on_gpu() -> None:
    _notebook.check_mm_on_gpu(reference)
