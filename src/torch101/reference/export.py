"""Write the reference as a standalone pytorch101.py for one template (names, order, signatures).

The file holds the validation helpers and each function's own source, so it runs with torch alone.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from torch101 import reference
from torch101.reference import _checks
from torch101.reference.templates import get_template

# Winter 2022 provides this dispatcher; Fall 2020 students write the function whole (the reference's).
_DISPATCHER_2022 = '''def batched_matrix_multiply(x: Tensor, y: Tensor, use_loop: bool = True) -> Tensor:
    """Provided by the template: dispatch to the loop or the no-loop version."""
    if use_loop:
        return batched_matrix_multiply_loop(x, y)
    return batched_matrix_multiply_noloop(x, y)
'''

_HEADER = '''"""pytorch101.py: reference solution for the {title} template, written by torch101.

Every function validates its inputs and obeys the assignment's rules. Regenerate with
`torch101 solution --template {name}`.
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any, List, Tuple

import torch
from torch import Tensor
'''


def _module_body(module) -> str:
    """A module's source without its docstring and imports."""
    lines = inspect.getsource(module).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(("def ", "class ", "@")))
    return "\n".join(lines[first:])


def solution_source(template: str) -> str:
    spec = get_template(template)
    parts = [_HEADER.format(title=spec.title, name=spec.name), _module_body(_checks)]
    for name in spec.functions:
        if template == "2022" and name == "batched_matrix_multiply":
            parts.append(_DISPATCHER_2022)
        else:
            parts.append(inspect.getsource(getattr(reference, name)))
    source = "\n\n".join(part.rstrip() + "\n" for part in parts)
    # A student's file defines only the template's functions: make the helpers private.
    helpers = [name for name in vars(_checks) if name.startswith(("check_", "is_integer_dtype"))]
    return re.sub(rf"\b({'|'.join(helpers)})\b", r"_\1", source)


def write_solution(template: str, out: str | Path | None = None) -> str:
    source = solution_source(template)
    if out is not None:
        Path(out).write_text(source)
    return source
