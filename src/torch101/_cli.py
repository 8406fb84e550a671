"""The ground floor of the command line: what every room's command shares.

Any room may import this; no room imports the face (`cli.py`), which only parses arguments and
dispatches.
"""

from __future__ import annotations

import sys

__all__ = ["fail", "prepare_output"]


def fail(command: str, message: str) -> int:
    """Print a usage error as argparse does (`torch101 COMMAND: error: ...`); return exit code 2.

    Every command reports bad input through here, so scripts can match one prefix.
    """
    print(f"torch101 {command}: error: {message}", file=sys.stderr)
    return 2


def prepare_output(option: str, path: str) -> str | None:
    """Make sure an output file can be written before the slow part; why not, or None.

    Creates the file's folder and writes (then removes) a probe file in it, since the outputs
    are written to a temporary file there and renamed. Shared by the commands that measure or
    grade first and write last (bench, grade).
    """
    import os
    import tempfile
    from pathlib import Path

    target = Path(path)
    if target.is_dir():
        return f"{option} {path}: that is a folder; give a file name"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"{option} {path}: cannot create its folder: {exc.strerror or exc}"
    try:
        fd, probe = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"{option} {path}: cannot write in {target.parent}: {exc.strerror or exc}"
    if target.exists() and not os.access(target, os.W_OK):
        return f"{option} {path}: the file exists and is read-only"
    return None
