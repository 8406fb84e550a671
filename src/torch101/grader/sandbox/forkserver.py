"""The fork server's client: one zygote per grading process and thread setting.

Each zygote is started on first use and closed at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

from torch101.grader.protocol import Limits
from torch101.grader.sandbox.host import (
    _IO_SLACK_S,
    _copy_jail,
    _env,
    _jail_argv,
    _python_paths,
)

# ---------------------------------------------------------------------------------------------
# The fork server


class ForkServer:
    """One fork server (zygote.py) per grading process and thread setting."""

    def __init__(self, limits: Limits):
        self.owner = os.getpid()
        self.lock = threading.Lock()
        self.scratch = Path(tempfile.mkdtemp(prefix="torch101-zygote-"))
        _copy_jail(self.scratch)
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {"sys_path": _python_paths(), "socket": theirs.fileno()}
        (self.scratch / "zygote.json").write_text(json.dumps(config))
        self.sock = mine
        try:
            self.proc = subprocess.Popen(
                _jail_argv("zygote", "zygote.json"),
                cwd=self.scratch,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=[theirs.fileno()],
                start_new_session=True,
                env=_env(limits),
            )
        except OSError:
            self.close()
            raise
        finally:
            theirs.close()
        try:
            self.sock.settimeout(limits.startup_timeout_s)
            self.hello = json.loads(self.sock.recv(1 << 16) or b"{}")
            if not self.hello.get("ready"):
                raise OSError("the fork server did not start")
        except (OSError, ValueError):
            self.close()
            raise

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None and self.owner == os.getpid()

    def spawn(self, request: dict, fds: list[int]) -> int | None:
        """Fork a keeper for `request`; None if the server is gone (the caller starts one itself)."""
        with self.lock:
            try:
                self.sock.settimeout(_IO_SLACK_S)
                socket.send_fds(self.sock, [json.dumps(request).encode()], fds)
                reply = json.loads(self.sock.recv(1 << 16) or b"{}")
                return int(reply["keeper"])
            except (OSError, ValueError, KeyError, TypeError):
                self.close()
                return None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
        proc = getattr(self, "proc", None)
        if proc is not None and self.owner == os.getpid():
            with contextlib.suppress(OSError):
                proc.stdin.close()
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        shutil.rmtree(self.scratch, ignore_errors=True)


_ZYGOTES: dict[tuple[int, int], ForkServer] = {}
_ZYGOTE_LOCK = threading.Lock()
_ZYGOTE_FAILURES: dict[int, int] = {}


def _zygote_for(limits: Limits) -> ForkServer | None:
    """The running fork server for these limits, started on first use; None when unavailable."""
    key = (os.getpid(), limits.threads)
    with _ZYGOTE_LOCK:
        zygote = _ZYGOTES.get(key)
        if zygote is not None and zygote.alive:
            return zygote
        if _ZYGOTE_FAILURES.get(os.getpid(), 0) >= 3:
            return None  # it keeps failing here: start workers the slow way
        try:
            zygote = ForkServer(limits)
        except (OSError, ValueError):
            _ZYGOTE_FAILURES[os.getpid()] = _ZYGOTE_FAILURES.get(os.getpid(), 0) + 1
            return None
        _ZYGOTES[key] = zygote
        return zygote


@atexit.register
def _close_zygotes() -> None:
    for zygote in list(_ZYGOTES.values()):
        if zygote.owner == os.getpid():
            zygote.close()
    _ZYGOTES.clear()

