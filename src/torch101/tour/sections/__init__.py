"""All tour sections, in the notebook's order, and lookup by name."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from torch101.tour.model import Section
from torch101.tour.sections.basics import CONSTRUCTORS, CREATING, DATATYPES
from torch101.tour.sections.broadcasting import BROADCASTING, IN_PLACE
from torch101.tour.sections.gpu import GPU
from torch101.tour.sections.indexing import BOOLEAN_INDEXING, INTEGER_INDEXING, SLICE_INDEXING
from torch101.tour.sections.operations import ELEMENTWISE, MATRIX, REDUCTIONS, VECTORIZATION
from torch101.tour.sections.reshaping import CONTIGUOUS, SWAPPING_AXES, VIEW

__all__ = ["PRELUDE", "SECTIONS", "normalize_name", "section_names", "select", "suggest"]

# Run once before each section in the terminal, and as the notebook's first code cell.
PRELUDE = "import torch"

SECTIONS: tuple[Section, ...] = (
    CREATING,
    CONSTRUCTORS,
    DATATYPES,
    SLICE_INDEXING,
    INTEGER_INDEXING,
    BOOLEAN_INDEXING,
    VIEW,
    SWAPPING_AXES,
    CONTIGUOUS,
    ELEMENTWISE,
    REDUCTIONS,
    MATRIX,
    VECTORIZATION,
    BROADCASTING,
    IN_PLACE,
    GPU,
)

_BY_NAME = {section.name: section for section in SECTIONS}


def section_names() -> list[str]:
    """The section names, in tour order."""
    return [section.name for section in SECTIONS]


def normalize_name(name: str) -> str:
    """Accept 'In_Place' or 'in place' for 'in-place'."""
    return "-".join(name.strip().lower().replace("_", " ").split())


def suggest(name: str) -> str | None:
    """The closest valid section name to a misspelt one, if any is close."""
    matches = difflib.get_close_matches(normalize_name(name), section_names(), n=1)
    return matches[0] if matches else None


def select(names: Sequence[str] = ()) -> tuple[Section, ...]:
    """The sections named, in the order given without repeats; all of them when none are.

    Raises ValueError naming each unknown name and listing the valid ones.
    """
    if isinstance(names, str):
        raise TypeError(f"select: names must be a sequence of section names, got str {names!r}")
    if not names:
        return SECTIONS
    unknown = [name for name in names if normalize_name(name) not in _BY_NAME]
    if unknown:
        given = ", ".join(repr(name) for name in unknown)
        raise ValueError(
            f"select: unknown section name(s) {given}; expected one of: {', '.join(section_names())}"
        )
    chosen = dict.fromkeys(normalize_name(name) for name in names)
    return tuple(_BY_NAME[name] for name in chosen)
