"""An exception as the record the parent reads, and the submission's innermost line on the stack.

The record (shared with the tests' in-process stand-in) holds the exception's type, the names of
its classes, its message and the submission's own frames; the line is for the call log and the
guard. A record is plain data: {"type": "IndexError", "types": ["IndexError", "LookupError",
"Exception", "BaseException"], "message": "tuple index out of range", "frames": [{"file":
"pytorch101.py", "line": 12, "function": "f", "code": "return x.shape[1]"}]}, plus "importing":
True when the file was being imported. "type" is the name shown ("SystemExit" for any exit, ""
for a fault with no exception, such as a timeout: then "message" says it all); "types" are the exact names of the
exception's classes, most derived first (`wire._type_name`: "NotImplementedError",
"pytorch101.MyError"), so the parent asks "is it a NotImplementedError" without reading text.
"""

from __future__ import annotations

import traceback
from typing import Any

from .wire import _type_name

_KEEP_FRAMES = 8  # the submission's innermost frames kept
_EXCEPTION_CAP = 4000  # characters per text (a message, a line of code) and of the text shown
_KEEP_TYPES = 32  # class names kept, most derived first
_NAME = type.__dict__["__name__"]


def describe(
    exc: BaseException,
    submission: str,
    *,
    importing: bool = False,
    memory_bytes: int = 4 << 30,
    shown: str = "pytorch101.py",
) -> dict[str, Any]:
    """The record of `exc` (never raises, whatever the exception's own methods do)."""
    try:
        text = str.__str__(str(exc))  # a plain str, whatever str() returned
    except BaseException:
        text = "<unprintable exception>"
    kind = _NAME.__get__(type(exc))  # past a metaclass's own __getattribute__
    types = _types(type(exc), kind)
    if isinstance(exc, SystemExit):
        where = "while being imported" if importing else "instead of returning"
        kind, text = "SystemExit", f"the submission called sys.exit({text or ''}) {where}"
    elif is_memory_error(exc):
        text = f"{text} (the worker's memory limit is {memory_bytes / (1 << 30):.1f} GiB)"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == submission]
    record = {
        "type": kind,
        "types": types,
        "message": _cap(text),
        "frames": [
            {
                "file": shown,
                "line": frame.lineno,
                "function": _cap(frame.name),
                "code": _cap((frame.line or "").strip()),
            }
            for frame in frames[-_KEEP_FRAMES:]
        ],
    }
    if importing:
        record["importing"] = True
    return record


def fault(message: str, *, importing: bool = False) -> dict[str, Any]:
    """The record of a failure with no exception behind it: a timeout, a crash, a lost worker."""
    record: dict[str, Any] = {"type": "", "types": [], "message": message, "frames": []}
    if importing:
        record["importing"] = True
    return record


def _types(cls: type, kind: str) -> list[str]:
    try:
        mro = type.__getattribute__(cls, "__mro__")
        return [_type_name(c) for c in mro if c is not object][:_KEEP_TYPES]
    except BaseException:  # a hostile metaclass
        return [kind]


def _cap(text: str) -> str:
    return text if len(text) <= _EXCEPTION_CAP else text[: _EXCEPTION_CAP - 3] + "..."


def is_memory_error(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    try:
        return isinstance(exc, RuntimeError) and "can't allocate memory" in str(exc)
    except BaseException:  # a hostile __str__
        return False


def innermost_line(frame, submission: str) -> int | None:
    """The line of the submission's innermost frame at or above `frame` (None if none is)."""
    for _ in range(64):
        if frame is None:
            return None
        if frame.f_code.co_filename == submission:
            return frame.f_lineno
        frame = frame.f_back
    return None
