"""The tour: the notebook's walkthrough as live, explained examples.

`SECTIONS` holds the content as data (code + explanation per step). `run_section` executes a
section live, `make_renderer` shows the results in the terminal and `build_notebook` turns
the same sections into a Jupyter notebook. Importing this package imports neither torch nor
CUDA: the runner, renderer and notebook writer load on first use.
"""

from __future__ import annotations

from torch101._lazy import lazy_getattr
from torch101.tour.model import Section, Step
from torch101.tour.sections import PRELUDE, SECTIONS, section_names, select

_LAZY = {
    "StepResult": "torch101.tour.runner",
    "run_section": "torch101.tour.runner",
    "run_step": "torch101.tour.runner",
    "make_renderer": "torch101.tour.terminal",
    "build_notebook": "torch101.tour.notebook",
    "write_notebook": "torch101.tour.notebook",
}

__all__ = ["PRELUDE", "SECTIONS", "Section", "Step", "section_names", "select", *_LAZY]


__getattr__ = lazy_getattr(__name__, _LAZY)
