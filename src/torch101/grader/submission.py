"""Opening one submission to grade, and the names and caps every reader of submissions shares.

A submission is a .py file, a folder holding one, a .zip (read, never extracted, size-capped), or
the bundled reference solution. `entry.py` reads a class's entries with the same names and caps.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from torch101.grader.errors import SubmissionError

__all__ = ["FILENAME", "IGNORED_PARTS", "MAX_FILE_BYTES", "open_submission", "read_source"]

FILENAME = "pytorch101.py"
IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git", ".github", ".venv"}
MAX_FILE_BYTES = 10 * 2**20




@contextmanager
def open_submission(
    path: str | Path | None, *, template: str | None = None
) -> Iterator[tuple[Path, str, bool]]:
    """Yield (file to run, name to show, is the bundled reference); temporary copies are removed."""
    if path is None:
        from torch101.reference.export import solution_source

        name = template or "2022"
        with tempfile.TemporaryDirectory(prefix="torch101-reference-") as tmp:
            file = Path(tmp) / FILENAME
            file.write_text(solution_source(name))
            yield file, f"the bundled reference solution ({name} template)", True
        return
    path = Path(path)
    if not path.exists():
        raise SubmissionError(
            f"grade: '{path}' does not exist; give a {FILENAME}, a folder holding one, or a .zip"
        )
    if path.is_dir():
        found = _find_in_folder(path)
        yield found, str(found), False  # messages name the file, not just its folder
    elif path.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory(prefix="torch101-zip-") as tmp:
            yield _extract(path, Path(tmp)), f"{path} ({FILENAME})", False
    elif path.suffix == ".py":
        yield path, str(path), False
    else:
        raise SubmissionError(
            f"grade: '{path}' is not a Python file; give a .py file (usually {FILENAME}), a folder holding one, or a .zip"
        )


def _find_in_folder(folder: Path) -> Path:
    if (folder / FILENAME).is_file():
        return folder / FILENAME
    found = sorted(
        p
        for p in folder.rglob(FILENAME)
        if p.is_file() and not IGNORED_PARTS & set(p.relative_to(folder).parts)
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise SubmissionError(f"grade: the folder '{folder}' holds no {FILENAME}")
    listed = ", ".join(str(p.relative_to(folder)) for p in found[:5])
    raise SubmissionError(
        f"grade: the folder '{folder}' holds {len(found)} files named {FILENAME} ({listed}); give the one to grade"
    )


def _extract(archive: Path, into: Path) -> Path:
    """Copy the zip's pytorch101.py out by reading it (never extractall: no path traversal)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [
                m for m in zf.infolist()
                if not m.is_dir() and PurePosixPath(m.filename).name == FILENAME
                and not IGNORED_PARTS & set(PurePosixPath(m.filename).parts)
            ]  # fmt: skip
            if not members:
                raise SubmissionError(f"grade: the zip '{archive}' holds no {FILENAME}")
            depth = min(len(PurePosixPath(m.filename).parts) for m in members)
            shallowest = [m for m in members if len(PurePosixPath(m.filename).parts) == depth]
            if len(shallowest) > 1:
                listed = ", ".join(m.filename for m in shallowest[:5])
                raise SubmissionError(
                    f"grade: the zip '{archive}' holds several {FILENAME} ({listed})"
                )
            if shallowest[0].file_size > MAX_FILE_BYTES:
                raise SubmissionError(
                    f"grade: {shallowest[0].filename} in '{archive}' is larger than {MAX_FILE_BYTES >> 20} MiB"
                )
            data = zf.read(shallowest[0])
    except zipfile.BadZipFile as err:
        raise SubmissionError(f"grade: '{archive}' is not a valid zip file ({err})") from None
    file = into / FILENAME
    file.write_bytes(data)
    return file


def read_source(file: Path, shown: str) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise SubmissionError(
            f"grade: '{shown}' is not a Python source file (not UTF-8 text: {err.reason} at byte {err.start})"
        ) from None
