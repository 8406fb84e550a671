"""One student's entry, read through folders and zips: the files it holds and its pytorch101.py.

It finds which of the files is the student's pytorch101.py (tolerant names: `PyTorch101.py`,
`pytorch101 (1).py`, `pytorch101-1.py`, an LMS prefix), and gives a `Submission` that names it or
says why there is none. No candidate, or two that differ, is an error; nothing is ever picked
silently. `layouts` decides which entries are students.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path, PurePosixPath

from torch101.grader.submission import FILENAME, IGNORED_PARTS, MAX_FILE_BYTES

__all__ = ["FILENAME", "IGNORED_PARTS", "Submission", "is_candidate"]

GRADESCOPE_METADATA = "submission_metadata.yml"
MAX_ZIP_BYTES = 100 * 2**20
MAX_FILES = 20_000
MAX_ZIP_DEPTH = 3

_CANDIDATE = re.compile(r"^pytorch[ _-]?101(?:\s*\(\d+\)|[ _-]\d+|[ _-]?copy)*\.py$", re.IGNORECASE)
_CANVAS = re.compile(
    r"^(?P<name>[^_/]+?)(?P<late>_late)?_(?P<uid>\d+)_(?P<sub>\d+)_(?P<orig>.+)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Submission:
    """One student entry: a file to grade, or an error that says why there is none."""

    student: str  # the gradebook's key: a name, a login, a folder, zip or file name
    path: Path | None  # the .py file (or folder or zip) grade() is given; None with an error
    _: KW_ONLY
    error: str | None = None
    identity: dict[str, str] = field(default_factory=dict, compare=False)  # name, email, sid...
    layout: str = "plain"  # plain, gradescope, canvas, classroom
    entry: str = ""  # where it came from, as the instructor would find it
    note: str = ""


@dataclass(frozen=True)
class _Node:
    rel: str  # posix path inside the entry; through zips: "a1.zip/A1/pytorch101.py"
    read: Callable[[], bytes]
    disk: Path | None = None
    size: int = 0


def is_candidate(name: str) -> bool:
    """Whether a file name is a student's pytorch101.py, renamed the ways browsers and LMSs do."""
    base = PurePosixPath(name).name
    canvas = _CANVAS.match(base)
    return bool(_CANDIDATE.match(base) or (canvas and _CANDIDATE.match(canvas["orig"])))


def _ignored(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return (
        bool(IGNORED_PARTS & set(parts))
        or any(p.startswith(".") for p in parts)
        or (PurePosixPath(rel).name.lower() in ("thumbs.db", "desktop.ini"))
    )


# ---------------------------------------------------------------------------------------------
# Files of an entry, through zips


def _zip_nodes(zf: zipfile.ZipFile, prefix: str, depth: int, problems: list[str]) -> list[_Node]:
    nodes: list[_Node] = []
    for info in zf.infolist():
        if info.is_dir() or _ignored(info.filename):
            continue
        rel = prefix + info.filename.strip("/")
        node = _Node(rel, lambda zf=zf, info=info: zf.read(info), None, info.file_size)
        nodes.append(node)
        if info.filename.lower().endswith(".zip") and depth < MAX_ZIP_DEPTH:
            nodes += _nested(node, depth + 1, problems)
    return nodes


def _nested(node: _Node, depth: int, problems: list[str]) -> list[_Node]:
    if node.size > MAX_ZIP_BYTES:
        problems.append(f"{node.rel} is larger than {MAX_ZIP_BYTES >> 20} MiB: not opened")
        return []
    try:
        inner = zipfile.ZipFile(io.BytesIO(node.read()))
    except (zipfile.BadZipFile, OSError) as err:
        problems.append(f"{node.rel} is not a valid zip ({err})")
        return []
    return _zip_nodes(inner, node.rel + "/", depth, problems)


def _disk_nodes(folder: Path, problems: list[str]) -> list[_Node]:
    nodes: list[_Node] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or _ignored(rel):
            continue
        if len(nodes) >= MAX_FILES:
            problems.append(f"more than {MAX_FILES} files: the rest were not looked at")
            break
        node = _Node(rel, path.read_bytes, path, path.stat().st_size)
        nodes.append(node)
        if path.suffix.lower() == ".zip":
            nodes += _nested(node, 1, problems)
    return nodes


def _open_zip(path: Path, problems: list[str]) -> list[_Node] | None:
    try:
        return _zip_nodes(zipfile.ZipFile(path), "", 1, problems)
    except (zipfile.BadZipFile, OSError) as err:
        problems.append(f"not a valid zip ({err})")
        return None


# ---------------------------------------------------------------------------------------------
# One student's entry -> the file to grade, or why not


def _listing(names: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class _Resolver:
    def __init__(self, unpack_to: Path):
        self.unpack_to = unpack_to
        self.count = 0

    def student(
        self, student: str, nodes: list[_Node] | None, entry: str, *, layout: str = "plain",
        identity: dict[str, str] | None = None, problems: Sequence[str] = (), strip: str = "",
        force: bool = False,
    ) -> Submission:  # fmt: skip
        def done(path: Path | None, error: str | None = None, note: str = "") -> Submission:
            return Submission(student, path, error=error, identity=dict(identity or {}), layout=layout, entry=entry, note=note)  # fmt: skip

        if nodes is None:
            return done(None, "; ".join(problems) or "cannot be read")
        shown = [n.rel.removeprefix(strip) for n in nodes]
        found = list(nodes) if force else [n for n in nodes if is_candidate(n.rel)]
        if not nodes:
            why = "; ".join(problems) or "nothing was submitted"
            return done(None, f"no {FILENAME} found: the entry is empty ({why})")
        if not found:
            more = f" ({'; '.join(problems)})" if problems else ""
            return done(None, f"no {FILENAME} found; saw: {_listing(shown)}{more}")
        distinct: dict[bytes, _Node] = {}
        try:
            for node in found:
                if node.size > MAX_FILE_BYTES:
                    return done(None, f"{node.rel.removeprefix(strip)} is larger than {MAX_FILE_BYTES >> 20} MiB")  # fmt: skip
                distinct.setdefault(node.read(), node)
        except (OSError, zipfile.BadZipFile, RuntimeError) as err:
            return done(None, f"cannot read {node.rel.removeprefix(strip)}: {err}")
        if len(distinct) > 1:
            names = [n.rel.removeprefix(strip) for n in found]
            count = "two" if len(names) == 2 else str(len(names))
            return done(None, f"{count} candidates: {_and(names)}; keep the one to grade")
        data, node = next(iter(distinct.items()))
        note = ""
        if len(found) > 1:
            note = f"{len(found)} identical copies ({_and([n.rel.removeprefix(strip) for n in found])}): graded once"  # fmt: skip
        if node.disk is not None:
            return done(node.disk, note=note)
        self.count += 1
        target = self.unpack_to / f"{self.count:05d}" / FILENAME
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return done(target, note=note)
