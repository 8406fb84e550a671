"""The JSON report: one grading as a dict of plain values, for other tools and for files.

The keys `template`, `functions[].{name, status, score, max_score, messages}`, `score` and
`max_score` are a contract other tools rely on; more keys may be added, none removed.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from torch101.grader.report.result import GradeResult

__all__ = ["to_dict", "to_json"]


def to_dict(result: GradeResult) -> dict[str, Any]:
    """Every field of the result, each function's too (`GradeResult.to_dict`)."""
    return {
        "template": result.template,
        "functions": [asdict(f) for f in result.functions],
        "score": result.score,
        "max_score": result.max_score,
        "submission": result.submission,
        "seed": result.seed,
        "notes": list(result.notes),
        "duration_s": round(result.duration_s, 3),
        "review": list(result.review),
    }


def to_json(result: GradeResult, path: str | Path | None = None) -> str:
    """The dict as indented JSON; also written to `path` (with a final newline) when given."""
    text = json.dumps(to_dict(result), indent=2)
    if path is not None:
        Path(path).write_text(text + "\n")
    return text
