"""One marker for GPU tests: `@pytest.mark.cuda` runs them on CUDA and skips them, with the
reason, elsewhere; `pytest -m cuda` selects all of them (scripts/gpu_check.sh does)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not any("cuda" in item.keywords for item in items):
        return
    import torch  # only when a collected test needs to know

    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)
