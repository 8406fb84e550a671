"""SIGINT, SIGTERM and SIGHUP end a grading run the way Ctrl-C does.

`timeout`, CI runners, schedulers and a closed SSH session send SIGTERM or SIGHUP, often to the
parent alone. Their default action kills the parent on the spot and leaves its job processes,
their fork servers and sandboxed workers, and its temporary folders behind. Here each of the
three signals raises `Interrupted` instead, so the same clean-up runs as for Ctrl-C (`with`
blocks close worker sessions and remove folders, the class run stops its job processes and
writes what it has), and the command exits 128 + the signal's number: 130, 143, 129.

Job processes install `stop_on_signals` at start: a signal ends the submission being graded
(its `with` blocks unwind), runs the process's exit hooks (the fork server is closed there),
then exits.
"""

from __future__ import annotations

import atexit
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

__all__ = [
    "SIGNALS",
    "Interrupted",
    "descendants",
    "exit_now",
    "kill_leftovers",
    "on_signals",
    "stop_on_signals",
]

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """A stop signal arrived: clean up and exit with `exit_code` (128 + the signal)."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @classmethod
    def of(cls, exc: BaseException) -> Interrupted:
        return exc if isinstance(exc, Interrupted) else cls(signal.SIGINT)


def _raise(signum: int, frame: FrameType | None) -> None:
    for sig in SIGNALS:  # the clean-up must not be cut short by a second signal
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def on_signals() -> Iterator[None]:
    """While inside, SIGINT, SIGTERM and SIGHUP raise `Interrupted` (main thread only)."""
    previous = {sig: signal.signal(sig, _raise) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def stop_on_signals(scratch: str | None = None) -> None:
    """A job process's initializer: the three signals raise `Interrupted` there too. With
    `scratch`, the process makes its temporary folders there (the run removes it at the end,
    whatever was cut short)."""
    if scratch:
        import tempfile

        os.makedirs(scratch, exist_ok=True)
        os.environ["TMPDIR"] = scratch
        tempfile.tempdir = scratch
    for sig in SIGNALS:
        signal.signal(sig, _raise)


def exit_now(exc: Interrupted) -> None:
    """In a job process, after the `with` blocks unwound: run the exit hooks (they close the
    fork server) and leave at once, without waiting for more work."""
    try:
        atexit._run_exitfuncs()
    finally:
        os._exit(exc.exit_code)


def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, start time) of a live process from /proc; None if gone, a zombie, or no /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return None if fields[0] == "Z" else (int(fields[1]), fields[19])


def descendants(root: int, *, min_depth: int = 1) -> dict[int, str]:
    """Every live process below `root` at least `min_depth` levels down, with its start time
    (so that a reused pid is told apart). Empty where there is no /proc."""
    try:
        pids = [int(e) for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return {}
    parents = {pid: info for pid in pids if (info := _stat(pid))}
    depth = {root: 0}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _) in parents.items():
            if pid not in depth and ppid in depth:
                depth[pid] = depth[ppid] + 1
                grew = True
    return {pid: parents[pid][1] for pid, d in depth.items() if d >= min_depth and pid in parents}


def kill_leftovers(tree: dict[int, str]) -> None:
    """SIGKILL whichever of `tree` still runs (same pid and start time): fork servers and
    workers whose job process is gone."""
    for pid, start in tree.items():
        info = _stat(pid)
        if info is not None and info[1] == start:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
