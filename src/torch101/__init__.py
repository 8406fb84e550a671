"""torch101: learn, teach and grade PyTorch 101.

Rooms: `torch101.reference` (model solutions), `torch101.tour` (the notebook's walkthrough),
`torch101.grader` (grade a pytorch101.py), `torch101.bench` (timings done right) and
`torch101.fast` (fast paths). Importing torch101 imports neither torch nor CUDA: its public
names load their room on first use, and `dir(torch101)` (tab completion) lists them all:

    torch101.start("pytorch101.py")       a blank template to work through (`torch101 start`)
    torch101.grade("pytorch101.py")       grade it (`torch101 grade`: same option names)
    torch101.reshape_practice(x)          every function of both templates, validated
    torch101.mm_offload(x, w)             a CPU matmul pipelined through the GPU
    torch101.normalize_columns_fast(x)    normalize_columns, fused on the GPU

From a shell: `torch101 --help` (start, grade, tour, bench, solution).
"""

from __future__ import annotations

from torch101._lazy import lazy_getattr as _lazy_getattr
from torch101.reference import _WHERE as _REFERENCE

__version__ = "0.1.0"

_ROOMS = ("bench", "fast", "grader", "reference", "tour")
_LAZY = {
    "grade": "torch101.grader",
    "start": "torch101.reference.blank",
    "mm_offload": "torch101.fast",
    "normalize_columns_fast": "torch101.fast",
    **{name: "torch101.reference" for name, module in _REFERENCE.items() if module != "templates"},
}
_RENAMED = {"start": "write_blank"}

__all__ = ["__version__", *_ROOMS, *_LAZY]


__getattr__ = _lazy_getattr(
    __name__,
    {**_LAZY, **{room: f"torch101.{room}" for room in _ROOMS}},
    {**_RENAMED, **dict.fromkeys(_ROOMS, "")},  # a room is its module
)


def __dir__() -> list[str]:
    """The public names only (what tab completion offers), loaded or not."""
    return sorted(__all__)
