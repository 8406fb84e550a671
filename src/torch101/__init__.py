"""torch101: learn, teach and grade PyTorch 101.

Rooms: `torch101.reference` (model solutions), `torch101.tour` (the notebook's walkthrough),
`torch101.grader` (grade a pytorch101.py), `torch101.bench` (timings done right) and
`torch101.fast` (fast paths). Importing torch101 imports neither torch nor CUDA: its public
names load their room on first use (so `help()` shows them here, not under FUNCTIONS):

    torch101.grade(path)                  grade a pytorch101.py (torch101.grader.grade)
    torch101.reference                    every function of both templates, validated
    torch101.mm_offload(x, w)             a CPU matmul pipelined through the GPU
    torch101.normalize_columns_fast(x)    normalize_columns, fused on the GPU

From a shell: `torch101 --help` (grade, tour, bench, solution).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "grade": "torch101.grader",
    "mm_offload": "torch101.fast",
    "normalize_columns_fast": "torch101.fast",
    "reference": "torch101.reference",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        return module if module.__name__.endswith(name) else getattr(module, name)
    raise AttributeError(f"module 'torch101' has no attribute {name!r}")
