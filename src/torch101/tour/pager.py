"""A pager for the tour, as git does it: on a terminal, the output goes through `less`.

So a long tour does not scroll past; `less` quits at once when the output fits on one screen.

Off-switches: `--no-pager`, stdout not a terminal (a pipe, a file, CI), TORCH101_PAGER or PAGER
set to '' or 'cat', or no such program. TORCH101_PAGER wins over PAGER; `less` gets LESS=FRX
unless LESS is set (F: quit if one screen, R: colours, X: leave the text on the screen).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import IO

__all__ = ["pager_command", "paged"]


def pager_command(
    stream: IO[str], *, no_pager: bool = False, environ: Mapping[str, str] = os.environ
) -> list[str] | None:
    """The pager to run for output to `stream`, or None to write to it directly."""
    if no_pager:
        return None
    isatty = getattr(stream, "isatty", None)
    if not (callable(isatty) and isatty()):
        return None
    command = environ.get("TORCH101_PAGER", environ.get("PAGER", "less"))
    try:
        args = shlex.split(command)
    except ValueError:  # unbalanced quotes: no pager rather than a crash
        return None
    if not args or args == ["cat"] or shutil.which(args[0]) is None:
        return None
    return args


@contextlib.contextmanager
def paged(command: list[str] | None, stream: IO[str] | None = None) -> Iterator[IO[str]]:
    """Yield the stream to write to: the pager's input, or `stream` (default stdout) itself.

    Quitting the pager early ends the output quietly; Ctrl-C stops the output and waits for
    the pager to close (it owns the terminal until then).
    """
    stream = sys.stdout if stream is None else stream
    if command is None:
        yield stream
        return
    env = dict(os.environ)
    if os.path.basename(command[0]) == "less":
        env.setdefault("LESS", "FRX")
    stream.flush()
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, text=True, errors="replace", env=env)
    try:
        yield proc.stdin
    except BrokenPipeError:
        pass  # the reader quit the pager: nothing more to show
    finally:
        with contextlib.suppress(BrokenPipeError, OSError):
            proc.stdin.close()
        while True:
            try:
                proc.wait()
                break
            except KeyboardInterrupt:
                continue  # the pager handles Ctrl-C itself; wait until it is closed
