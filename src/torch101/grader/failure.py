"""Why a call did not return, as a record checked and put into words (the one place that does).

The worker builds the record (`jail.errors.describe`), the parent its own faults (`fault`). A record: {"type": "IndexError", "types": [...the names of its classes...], "message": "...",
"frames": [{"file": "pytorch101.py", "line": 12, "function": "f", "code": "return x.shape[1]"}]},
and "importing": True when the file was being imported. "type" is "" for a fault with no
exception (a timeout, a crash, a lost worker): its message is shown as it is.
"""

from __future__ import annotations

from typing import Any

from torch101.grader.jail.errors import _EXCEPTION_CAP, _KEEP_FRAMES, _KEEP_TYPES, fault

__all__ = ["check", "fault", "is_a", "said", "summary", "text"]

SHOWN = "pytorch101.py"


def check(raw: Any) -> dict[str, Any]:
    """`raw`, from the untrusted worker, as a record: every field present, within the caps.

    Texts and lists are cut to the worker's own caps; ValueError when a field has the wrong kind
    (the session then reports a crash)."""
    if type(raw) is not dict:
        raise ValueError("an exception must be a record")
    kind = _text(raw.get("type", ""), "type")
    types = raw.get("types", [kind] if kind else [])
    frames = raw.get("frames", [])
    importing = raw.get("importing", False)
    if type(types) is not list or type(frames) is not list or type(importing) is not bool:
        raise ValueError("an exception's types and frames must be lists, importing a bool")
    record: dict[str, Any] = {
        "type": kind,
        "types": [_text(t, "type name") for t in types[:_KEEP_TYPES]],
        "message": _text(raw.get("message", ""), "message"),
        "frames": [_frame(f) for f in frames[-_KEEP_FRAMES:]],
    }
    if importing:
        record["importing"] = True
    return record


def _frame(raw: Any) -> dict[str, Any]:
    if type(raw) is not dict:
        raise ValueError("an exception's frame must be a record")
    line = raw.get("line")
    if line is not None and type(line) is not int:
        raise ValueError("an exception frame's line must be an int")
    return {
        "file": _text(raw.get("file", SHOWN), "file"),
        "line": line,
        "function": _text(raw.get("function", "?"), "function"),
        "code": _text(raw.get("code", ""), "code"),
    }


def _text(value: Any, what: str) -> str:
    if type(value) is not str:
        raise ValueError(f"an exception's {what} must be a str")
    return _cap(value)


def _cap(text: str) -> str:
    return text if len(text) <= _EXCEPTION_CAP else text[: _EXCEPTION_CAP - 3] + "..."


# --- in words --------------------------------------------------------------------------------


def is_a(record: dict[str, Any] | None, name: str) -> bool:
    """The exception is a `name` ("NotImplementedError"), a subclass included."""
    return record is not None and name in record["types"]


def text(record: dict[str, Any] | None) -> str:
    """The whole record for a person: the error, then the submission's frames, innermost last:

    IndexError: tuple index out of range
      File "pytorch101.py", line 12, in f
        return x.shape[1]
    """
    if record is None:
        return ""
    body, _ = _body(record)
    return f"importing {SHOWN} failed: {body}" if record.get("importing") else body


def summary(record: dict[str, Any] | None) -> str:
    """The error's first line, then where in the submission it was raised, in one line.

    'IndexError: tuple index out of range (pytorch101.py, line 12: return x.shape[1])'."""
    if record is None:
        return "no message"
    whole, cut = _body(record)
    if record.get("importing"):
        whole = f"importing {SHOWN} failed: {whole}"
    head = next((line.rstrip() for line in whole.strip().splitlines() if line.strip()), "")
    if not head:
        return "no message"
    if not record["frames"] or cut:  # a text cut short shows no frame to point at
        return head
    last = record["frames"][-1]
    code = last["code"].strip()
    if code == head:
        code = ""
    return f"{head} ({last['file']}, line {last['line']}{': ' + code if code else ''})"


def said(record: dict[str, Any] | None) -> str:
    """The error's own words to search: its type, message, and each frame's function and code."""
    if record is None:
        return ""
    frames = record["frames"]
    parts = [record["type"], record["message"]]
    parts += [f["function"] for f in frames] + [f["code"] for f in frames]
    return "\n".join(parts)


def _body(record: dict[str, Any]) -> tuple[str, bool]:
    """The text without the import prefix, and whether the cap cut it."""
    kind, message, frames = record["type"], record["message"], record["frames"]
    if not kind and not frames:
        return message, False  # a fault, as the grader wrote it
    lines = [(f"{kind}: {message}" if message else kind).strip() if kind else message.strip()]
    for frame in frames:
        lines.append(f'  File "{frame["file"]}", line {frame["line"]}, in {frame["function"]}')
        if frame["code"]:
            lines.append(f"    {frame['code'].strip()}")
    whole = "\n".join(lines)
    if len(whole) > _EXCEPTION_CAP:
        return whole[: _EXCEPTION_CAP - 3] + "...", True
    return whole, False
