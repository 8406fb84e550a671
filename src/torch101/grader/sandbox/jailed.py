"""The parent's handle on one keeper + worker pair: its scratch folder, pipes, events and kill."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from torch101.grader.jail import PACKAGE, codec
from torch101.grader.protocol import Limits
from torch101.grader.sandbox.forkserver import _zygote_for
from torch101.grader.sandbox.host import (
    _MAX_DIAGNOSTICS,
    _SUBMISSION_NAME,
    SandboxError,
    _copy_jail,
    _cuda_in_parent,
    _env,
    _expose_paths,
    _fault_location,
    _file_view,
    _hidden_paths,
    _jail_argv,
    _python_paths,
    _signal_text,
)

# ---------------------------------------------------------------------------------------------
# One running worker


class JailedWorker:
    """One keeper + worker pair and its scratch folder."""

    def __init__(self, submission: Path, limits: Limits, identity: dict | None):
        self.limits = limits
        self.identity = identity
        self.notes: list[str] = []
        self.isolation: dict[str, Any] = {}
        self.diagnostics = ""
        self.worker_pid: int | None = None
        self.exit: dict[str, int] | None = None
        self.keeper_done = False
        self.fault_dump = b""
        self.sent_bytes = 0
        self.scratch = Path(tempfile.mkdtemp(prefix="torch101-"))
        self.nonce = secrets.token_hex(16)  # frames without it were not written by the worker
        self._reader = codec.FrameReader(max_bytes=limits.max_message_bytes)
        self._inbox: list[Any] = []
        self._line = b""
        self._popen: subprocess.Popen | None = None  # the keeper, when not forked by the zygote
        self.keeper_pid: int | None = None
        self.events_r = self.watch_w = -1  # the keeper's report channel; its lifeline to us
        self._fds: list[int] = []
        try:
            self._prepare(submission)
        except BaseException:
            self.cleanup()
            raise

    # setup --------------------------------------------------------------------------------
    def _prepare(self, submission: Path) -> None:
        work = self.scratch / "work"
        work.mkdir()
        jail_files = _copy_jail(work)
        _copy_jail(self.scratch)  # the keeper's own copy, when it is not forked from the zygote
        shutil.copyfile(submission, work / _SUBMISSION_NAME)
        site = _python_paths()
        self.calls_r, self.calls_w = os.pipe()
        self.out_r, self.out_w = os.pipe()
        self.fault_r, self.fault_w = os.pipe()
        self._fds = [self.calls_r, self.calls_w, self.out_r, self.out_w, self.fault_r, self.fault_w]
        for fd in (self.calls_w, self.out_w):
            with contextlib.suppress(OSError, AttributeError):  # bigger pipes: fewer round trips
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
        limits = self.limits
        worker_config = {
            "submission": _SUBMISSION_NAME,
            "module_name": "pytorch101",
            "sys_path": site,
            "blocked_packages": ["torch101", PACKAGE],
            "nonce": self.nonce,
            "delete_config": "worker.json",
            "guard": limits.guard,
            "seccomp": limits.seccomp,
            "cuda": _cuda_in_parent(),
            "fds": {"calls": self.calls_r, "outcomes": self.out_w, "fault": self.fault_w},
            "limits": {
                "max_output_bytes": limits.max_output_bytes,
                "max_message_bytes": limits.max_message_bytes,
                "max_ops": limits.max_ops,
                "threads": limits.threads,
                "memory_bytes": limits.memory_bytes,
            },
        }
        (work / "worker.json").write_text(json.dumps(worker_config))
        boot_config = {
            "files": [
                *(f"work/{name}" for name in jail_files),
                "work/worker.json",
                f"work/{_SUBMISSION_NAME}",
            ],
            "workdir": str(work),
            "namespaces": limits.namespaces and sys.platform.startswith("linux"),
            "drop": self.identity,
            "expose": _expose_paths(site),
            "file_view": _file_view(site),
            "hide": _hidden_paths(),
            "tmpfs_bytes": limits.scratch_bytes,
            "rlimits": {
                "data": limits.memory_bytes,
                "fsize": limits.max_file_bytes,
                "nofile": limits.max_open_files,
                "nproc": limits.max_processes,
            },
            "env": _env(limits),
            "worker_argv": _jail_argv("worker", "worker.json"),
        }
        (self.scratch / "boot.json").write_text(json.dumps(boot_config))
        self.boot_config = boot_config
        if self.identity is not None:  # the unprivileged worker reads its files, writes in work/
            os.chmod(self.scratch, 0o711)
            for path in work.iterdir():
                os.chmod(path, 0o644)
            os.chown(work, self.identity["uid"], self.identity["gid"])
            os.chmod(work, 0o700)

    def start(self) -> None:
        """Fork the keeper from the fork server, or (without one) start it as a new process."""
        keep = [self.calls_r, self.out_w, self.fault_w]
        events_r, events_w = os.pipe()
        watch_r, watch_w = os.pipe()
        self.events_r, self.watch_w = events_r, watch_w
        self._fds += [events_r, watch_w]
        zygote = _zygote_for(self.limits) if self.limits.fork_server else None
        request = {"scratch": str(self.scratch), "boot": self.boot_config}
        pid = zygote.spawn(request, [*keep, events_w, watch_r]) if zygote else None
        if pid is not None:
            self.keeper_pid = pid
        else:
            try:
                self._popen = subprocess.Popen(
                    _jail_argv("boot", "boot.json"),
                    cwd=self.scratch,
                    stdin=watch_r,
                    stdout=events_w,
                    stderr=events_w,
                    pass_fds=keep,
                    start_new_session=True,
                    env=_env(self.limits),
                )
            except OSError as exc:
                raise SandboxError(f"could not start the worker: {exc}") from exc
            finally:
                if self._popen is None:
                    os.close(events_w)
                    os.close(watch_r)
            self.keeper_pid = self._popen.pid
        for fd in (events_w, watch_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        for fd in keep:
            os.close(fd)
            self._fds.remove(fd)
        for fd in (self.out_r, self.fault_r, self.events_r):
            os.set_blocking(fd, False)
        os.set_blocking(self.calls_w, False)

    # events and frames --------------------------------------------------------------------
    def _on_keeper_output(self, data: bytes) -> None:
        self._line += data
        *lines, self._line = self._line.split(b"\n")
        for raw in lines:
            try:
                event = json.loads(raw)
            except ValueError:
                event = None
            if not isinstance(event, dict) or "event" not in event:
                if len(self.diagnostics) < _MAX_DIAGNOSTICS:
                    self.diagnostics += raw.decode("utf-8", "replace")[:_MAX_DIAGNOSTICS] + "\n"
                continue
            kind = event["event"]
            if kind == "started":
                self.worker_pid = int(event["worker_pid"])
                self.notes += [str(n) for n in event.get("notes", [])]
            elif kind == "jailed":
                self.notes += [str(n) for n in event.get("notes", [])]
                if isinstance(event.get("isolation"), dict):
                    self.isolation = event["isolation"]
            elif kind == "failed":
                self.diagnostics += f"{event.get('message')}\n"
            elif kind == "exited":
                self.exit = {k: int(v) for k, v in event.items() if k in ("code", "signal")}

    def _drain(self, fd: int) -> bytes | None:
        """What is readable now; None at end of file."""
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                return None
            if not chunk:
                return b"".join(chunks) if chunks else None
            chunks.append(chunk)
        return b"".join(chunks)

    def _pump(self, timeout: float) -> None:
        """Wait up to `timeout` for something to happen, then take it in."""
        fds = [self.out_r] + ([self.events_r] if not self.keeper_done else [])
        fds = [fd for fd in fds if fd >= 0]
        if fds:
            ready, _, _ = select.select(fds, [], [], max(0.0, timeout))
        else:
            time.sleep(max(0.0, min(timeout, 0.05)))
            ready = []
        if self.out_r in ready:
            data = self._drain(self.out_r)
            if data is None:
                self._close_fd("out_r")
            elif data:
                self._inbox += self._reader.feed(data)
        if not self.keeper_done and self.events_r in ready:
            data = self._drain(self.events_r)
            if data:
                self._on_keeper_output(data)
            if data is None:
                self.keeper_done = True
                if self._popen is not None:
                    self._popen.wait()

    def _close_fd(self, name: str) -> None:
        fd = getattr(self, name)
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
            if fd in self._fds:
                self._fds.remove(fd)
            setattr(self, name, -1)

    @property
    def dead(self) -> bool:
        return self.exit is not None or self.keeper_done

    def next_message(self, deadline: float) -> Any:
        """The next frame, or None once the worker is dead or the deadline passed."""
        while not self._inbox:
            if self.dead:
                # the worker may have written its last words just before dying
                if self.out_r >= 0:
                    data = self._drain(self.out_r)
                    if data:
                        self._inbox += self._reader.feed(data)
                        continue
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._pump(min(left, 1.0))
        return self._inbox.pop(0)

    def send(self, message: dict, deadline: float) -> bool:
        data = memoryview(codec.pack(message))
        self.sent_bytes = len(data)
        while data:
            if self.dead or time.monotonic() > deadline:
                return False
            try:
                data = data[os.write(self.calls_w, data) :]
            except BlockingIOError:
                select.select([], [self.calls_w], [], 0.05)
                self._pump(0)
            except BrokenPipeError:
                return False
        return True

    # faults -------------------------------------------------------------------------------
    def death_message(self) -> str:
        """Why the worker is gone, from the keeper's report and faulthandler's dump."""
        deadline = time.monotonic() + 2.0
        while not self.keeper_done and self.exit is None and time.monotonic() < deadline:
            self._pump(0.1)
        dump = self._drain(self.fault_r) if self.fault_r >= 0 else None
        if dump:
            self.fault_dump += dump
        where = _fault_location(self.fault_dump.decode("utf-8", "replace"), _SUBMISSION_NAME)
        if self.exit and "signal" in self.exit:
            return f"the worker died of {_signal_text(self.exit['signal'])}{where}"
        if self.exit and "code" in self.exit:
            return (
                f"the worker exited with code {self.exit['code']} instead of returning "
                "(os._exit, or a fatal error in a library)"
            )
        detail = self.diagnostics.strip()
        return "the worker stopped unexpectedly" + (f": {detail[-2000:]}" if detail else "")

    # stop ---------------------------------------------------------------------------------
    def kill(self) -> None:
        """SIGKILL the worker (the whole PID namespace when there is one), then the keeper's group."""
        if self.worker_pid is not None and self.exit is None:
            with contextlib.suppress(OSError):
                os.kill(self.worker_pid, signal.SIGKILL)
        deadline = time.monotonic() + 2.0
        while self.keeper_pid is not None and not self.keeper_done and time.monotonic() < deadline:
            self._pump(0.1)
        self._kill_group()

    def _kill_group(self) -> None:
        """The keeper leads its own process group: end it, unless it already ended itself."""
        if self.keeper_pid is not None and not self.keeper_done:
            with contextlib.suppress(OSError):
                os.killpg(self.keeper_pid, signal.SIGKILL)
        if self._popen is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._popen.wait(timeout=5)

    def stop(self, *, graceful: bool = True) -> None:
        """Ask the worker to finish (when `graceful`), then make sure it did."""
        if graceful and self.keeper_pid is not None and not self.dead:
            self.send({"type": "bye"}, time.monotonic() + 1.0)
            self._close_fd("calls_w")
            deadline = time.monotonic() + 2.0
            while not self.dead and time.monotonic() < deadline:
                self._pump(0.1)
        self.kill()
        self.cleanup()

    def cleanup(self) -> None:
        for fd in list(self._fds):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()
        for name in (
            "calls_r",
            "calls_w",
            "out_r",
            "out_w",
            "fault_r",
            "fault_w",
            "events_r",
            "watch_w",
        ):
            if hasattr(self, name):
                setattr(self, name, -1)
        shutil.rmtree(self.scratch, ignore_errors=True)


