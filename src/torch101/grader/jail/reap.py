"""Processes a call left behind: ended before its outcome is sent.

With the guard's seccomp filter a submission cannot start any; this is the layer beneath it
(and what holds where seccomp is missing). Bound before the submission is imported: it may
patch `os`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time

_kill, _waitpid, _listdir = os.kill, os.waitpid, os.listdir


def reap_children(pid_one: bool) -> None:
    """Kill what the call left running. As the init of a PID namespace, kill(-1) reaches
    exactly the namespace (orphans are ours to reap); elsewhere, the children /proc lists (this
    process is a subreaper, so orphans come back to it)."""
    for _ in range(100):
        if pid_one:
            with contextlib.suppress(OSError):
                _kill(-1, signal.SIGKILL)
        else:
            for pid in children():
                with contextlib.suppress(OSError):
                    _kill(pid, signal.SIGKILL)
        try:
            while _waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            return  # no children left at all
        if not pid_one and not children():
            return
        time.sleep(0.005)


def children() -> list[int]:
    """This process's children, from /proc (the keeper's and the worker's shared helper)."""
    pids: list[int] = []
    try:
        for task in _listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children") as f:
                pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return pids


def set_subreaper() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come back to us
    except (OSError, AttributeError):
        pass
