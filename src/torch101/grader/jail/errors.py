"""Where the submission is in a traceback or on the stack: an exception as the text the parent
shows (the error, then the submission's own frames, trimmed), shared with the tests' in-process
stand-in; and the submission's innermost line, for the call log and the guard."""

from __future__ import annotations

import traceback

_KEEP_FRAMES = 8
_EXCEPTION_CAP = 4000


def describe(
    exc: BaseException,
    submission: str,
    *,
    importing: bool = False,
    memory_bytes: int = 4 << 30,
    shown: str = "pytorch101.py",
) -> str:
    try:
        text = str(exc)
    except BaseException:
        text = "<unprintable exception>"
    kind = type(exc).__name__
    if isinstance(exc, SystemExit):
        where = "while being imported" if importing else "instead of returning"
        head = f"SystemExit: the submission called sys.exit({text or ''}) {where}"
    elif is_memory_error(exc):
        head = f"{kind}: {text} (the worker's memory limit is {memory_bytes / (1 << 30):.1f} GiB)"
    else:
        head = f"{kind}: {text}" if text else kind
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == submission]
    lines = [head.strip()]
    for frame in frames[-_KEEP_FRAMES:]:
        lines.append(f'  File "{shown}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    message = "\n".join(lines)
    if len(message) > _EXCEPTION_CAP:
        message = message[: _EXCEPTION_CAP - 3] + "..."
    return message


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
