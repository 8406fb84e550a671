"""The student's prints: a capped in-memory writer for Python output, a log file for fds 1 and 2.

Neither touches the worker's channels, so a print can never look like a frame; both are read
back after each call into `Outcome.stdout`.
"""

from __future__ import annotations

import builtins
import io
import os
import sys
from typing import Any

OUTPUT_LOG = "_output.log"

_PRINT = builtins.print


class CappedWriter(io.TextIOBase):
    """sys.stdout / sys.stderr for the student: keeps the first `cap` characters, counts the rest."""

    def __init__(self, cap: int):
        self.cap = cap
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self.cap - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    @property
    def full(self) -> bool:
        return self.kept >= self.cap

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        # The worker dup2()s fd 1 onto the capped log, so C code writing to 1 lands there too.
        return 1

    @property
    def encoding(self) -> str:
        return "utf-8"

    def take(self) -> tuple[str, int]:
        text, dropped = "".join(self.parts), self.dropped
        self.parts, self.kept, self.dropped = [], 0, 0
        return text, dropped


class OutputCapture:
    """Python-level prints (capped writer) plus anything written to file descriptors 1 and 2."""

    def __init__(self, cap: int):
        self.cap = cap
        self.writer = CappedWriter(cap)
        self.log_fd = os.open(OUTPUT_LOG, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        os.set_inheritable(self.log_fd, False)
        for fd in (1, 2):
            os.dup2(self.log_fd, fd)
        sys.stdout = sys.stderr = self.writer
        self.skipped_prints = 0
        self.print = self._print  # one bound method: the worker's snapshot sees it unchanged
        builtins.print = self.print

    def _print(self, *args: Any, file: Any = None, **kwargs: Any) -> None:
        # Once the cap is reached, skip formatting: printing a big tensor thousands of times
        # would otherwise cost seconds for output nobody sees.
        if self.writer.full and (file is None or file is self.writer):
            self.skipped_prints += 1
            return
        _PRINT(*args, file=file, **kwargs)

    def take(self) -> str:
        sys.stdout = sys.stderr = self.writer  # the student may have replaced them
        builtins.print = self.print
        text, dropped = self.writer.take()
        skipped, self.skipped_prints = self.skipped_prints, 0
        try:
            size = os.fstat(self.log_fd).st_size
            raw = os.pread(self.log_fd, self.cap, 0) if size else b""
            os.ftruncate(self.log_fd, 0)
        except OSError:
            size, raw = 0, b""
        if raw:
            text += raw.decode("utf-8", "replace")
            dropped += max(0, size - len(raw))
        if len(text) > self.cap:
            dropped += len(text) - self.cap
            text = text[: self.cap]
        if dropped:
            text += f"\n... ({dropped} more characters of output not shown)"
        if skipped:
            text += f"\n... ({skipped} more print calls after the output cap, not shown)"
        return text


