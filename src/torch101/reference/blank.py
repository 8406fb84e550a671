"""A blank pytorch101.py for one template: every function, its docstring, a body to replace.

The functions the student writes raise NotImplementedError (the grader reports them as
`not_implemented`); those the template provides (hello, mm_on_cpu, and in 2022 the
batched_matrix_multiply dispatcher) come written, as in the course's file. Needs no torch.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

from torch101.reference.blank_docs import DOCS
from torch101.reference.templates import get_template

__all__ = ["STUB_LINE", "BlankExistsError", "blank_source", "write_blank"]

STUB_LINE = 'raise NotImplementedError("replace this line with your code")'

_PROVIDED_BODIES = {
    "hello": 'print("Hello from pytorch101.py!")',
    "mm_on_cpu": "return x.mm(w)",
    "batched_matrix_multiply": (
        "if use_loop:\n"
        "    return batched_matrix_multiply_loop(x, y)\n"
        "return batched_matrix_multiply_noloop(x, y)"
    ),
}

_HEADER = '''"""pytorch101.py: the {title} template, blank, written by `torch101 start`.

Replace each `raise NotImplementedError(...)` line with your code; each docstring says
what to compute and the rules. Check your work as you go (it re-grades on every save):

    torch101 grade --watch {filename}

and read the walkthrough of what each function needs with `torch101 tour`.
"""

from typing import List, Tuple

import torch
from torch import Tensor
'''


class BlankExistsError(FileExistsError):
    """The output file exists and overwriting was not asked for."""


def _function(name: str, template: str, provided: bool) -> str:
    doc = DOCS[name]
    text = _wrap(inspect.cleandoc(doc.for_template(template)))
    if provided and name != "mm_on_cpu":
        text += "\n\nProvided by the template: nothing to write here."
    body = _PROVIDED_BODIES[name] if provided else STUB_LINE
    docstring = '"""' + text + ('\n"""' if "\n" in text else '"""')
    inner = textwrap.indent(docstring + "\n" + body, "    ")
    # Lines of the docstring's pattern block keep their own indentation; blank lines stay empty.
    inner = "\n".join(line.rstrip() for line in inner.splitlines())
    return f"def {doc.signature}:\n{inner}\n"


def _wrap(text: str, width: int = 88) -> str:
    """Re-wrap the lines longer than `width`; shorter ones (the pattern block) stay as written."""
    lines = []
    for line in text.splitlines():
        lines += textwrap.wrap(line, width) if len(line) > width else [line]
    return "\n".join(lines)


def blank_source(template: str = "2022", filename: str = "pytorch101.py") -> str:
    """The blank file's text for the template "2020" or "2022" (ValueError for any other)."""
    spec = get_template(template)
    header = _HEADER.format(title=spec.title, filename=filename)
    functions = [_function(name, template, name in spec.provided) for name in spec.functions]
    return header + "\n\n" + "\n\n".join(functions)


def write_blank(out: str | Path, template: str = "2022", *, force: bool = False) -> Path:
    """Write the blank template to `out`; BlankExistsError if it exists and not `force`."""
    path = Path(out)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name such as {path / 'pytorch101.py'}")  # fmt: skip
    if path.exists() and not force:
        raise BlankExistsError(f"{path} already exists; pass --force to overwrite it (your work in it would be lost)")  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(blank_source(template, filename=path.name))
    return path
