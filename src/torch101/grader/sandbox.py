"""Run a submission's functions in a policed worker process: `WorkerSession`.

    with WorkerSession(Path("pytorch101.py"), limits=Limits()) as session:
        outcomes = session.run([Call("c/1", "count_tensor_elements", [torch.ones(2, 3)])])

One worker per session in the normal case. Each start puts the submission (and copies of
`boot.py`, `worker.py`, `codec.py`) into a fresh scratch folder and asks the fork server
(`zygote.py`, one per grading process: torch imported once) for a keeper, or without one runs
the keeper as a new process; the keeper jails the worker as well as this machine allows (see
boot.py) and reports how. The parent enforces every limit that matters from outside the worker:

- a wall-clock limit per call: past `timeout_s` the worker is SIGKILLed (with a PID namespace
  everything it started dies with it) and restarted for the next call;
- a worker that dies (sys.exit is caught as a crash too, os._exit, a signal, the memory limit)
  turns only the current call into `crashed`, with the signal and faulthandler's location;
- only framed plain-data messages for the expected case count; anything else is a crash;
- the scratch folder is removed and the process group killed when the worker stops.

An import-time failure makes every call `crashed` (a hang at import: `timeout`) with the message.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import json
import math
import os
import pwd
import re
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from torch101.grader.jail import PACKAGE, codec, launcher
from torch101.grader.protocol import Call, Limits, Outcome

__all__ = ["SandboxError", "WorkerSession"]

_JAIL = Path(__file__).resolve().parent / "jail"
_SUBMISSION_NAME = "pytorch101.py"
_MAX_SUBMISSION_BYTES = 16 << 20
_MAX_DIAGNOSTICS = 8192
_IO_SLACK_S = 30.0  # moving a call's data in or out, beyond the call's own time limit
_BYTES_PER_S = 100e6  # a generous floor for moving arguments through the worker's decoder
_SIGNALS = {
    signal.SIGSEGV: "a segmentation fault (SIGSEGV)",
    signal.SIGBUS: "a bus error (SIGBUS)",
    signal.SIGABRT: "an abort (SIGABRT)",
    signal.SIGFPE: "an arithmetic fault (SIGFPE)",
    signal.SIGILL: "an illegal instruction (SIGILL)",
    signal.SIGKILL: "SIGKILL (out of memory, or killed from outside)",
}


class SandboxError(RuntimeError):
    """The worker could not be started at all (not the submission's fault)."""


# ---------------------------------------------------------------------------------------------
# What the worker needs from this machine


def _python_paths() -> list[str]:
    """Directories the worker adds to sys.path: site-packages and wherever torch/numpy live."""
    paths = [p for p in sys.path if p and ("site-packages" in p or "dist-packages" in p)]
    for name in ("torch", "numpy"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            paths.append(str(Path(module.__file__).resolve().parent.parent))
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p) and p not in out:
            out.append(p)
    return out


def _expose_paths(site: list[str]) -> list[str]:
    exe = os.path.realpath(sys.executable)
    stdlib = os.path.dirname(os.__file__)
    paths = [exe, sys.prefix, sys.base_prefix, sys.exec_prefix, stdlib, *site]
    return sorted({os.path.realpath(p) for p in paths if p})


_RUNTIME_PACKAGES = ("torch", "numpy", "pyseccomp")  # what a worker imports, with their deps


@functools.lru_cache(maxsize=1)
def _runtime_entries() -> tuple[str, ...]:
    """Top-level names in site-packages of torch, numpy, pyseccomp and everything they require."""
    from importlib import metadata

    seen: set[str] = set()
    entries: set[str] = set()
    todo = list(_RUNTIME_PACKAGES)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        top = (dist.read_text("top_level.txt") or "").split()  # cheap where the wheel has it
        if top:
            entries.update(e for t in top for e in (t, f"{t}.py", f"{t}.libs"))  # .libs: bundled .so
        else:
            entries.update(f.parts[0] for f in dist.files or () if f.parts and f.parts[0] != "..")
        for requirement in dist.requires or ():
            if "extra ==" not in requirement:
                todo.append(re.split(r"[\s;\[<>=!~]", requirement, maxsplit=1)[0])
    return tuple(sorted(entries - {"torch101"}))


def _file_view(site: list[str]) -> dict[str, Any]:
    """What the worker's minimal root holds: the Python runtime and, of site-packages, only
    the runtime's packages (so not torch101, the reference, nor anything else installed)."""
    return {
        "keep": _expose_paths(site),
        "covered": {os.path.realpath(p): list(_runtime_entries()) for p in site},
    }


def _copy_jail(folder: Path) -> list[str]:
    """A copy of the jail package in `folder`, as PACKAGE; the copied paths, relative."""
    target = folder / PACKAGE
    target.mkdir()
    names = sorted(p.name for p in _JAIL.glob("*.py"))
    for name in names:
        shutil.copyfile(_JAIL / name, target / name)
    return [f"{PACKAGE}/{name}" for name in names]


def _jail_argv(module: str, config: str) -> list[str]:
    return [sys.executable, "-I", "-S", "-B", "-c", launcher(module), config]


def _cuda_in_parent() -> bool:
    """Whether the worker will use a real GPU (its driver starts threads before seccomp)."""
    torch = sys.modules.get("torch")
    return bool(torch is not None and torch.cuda.is_available())


def _hidden_paths() -> list[str]:
    import torch101

    return [str(Path(torch101.__file__).resolve().parent)]


def _identity(limits: Limits) -> tuple[dict[str, Any] | None, str | None]:
    """(uid/gid to drop to, note) when running as root."""
    if not hasattr(os, "getuid") or os.getuid() != 0 or not limits.drop_privileges:
        return None, None
    try:
        entry = pwd.getpwnam(limits.user)
    except KeyError:
        return None, f"the worker runs as root: there is no user {limits.user!r} to drop to"
    return {"uid": entry.pw_uid, "gid": entry.pw_gid, "name": limits.user}, None


def _env(limits: Limits) -> dict[str, str]:
    threads = str(limits.threads)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
    }
    for key, value in os.environ.items():
        if key.startswith(("CUDA_", "NVIDIA_")) or key == "LD_LIBRARY_PATH":
            env[key] = value
    return env


def _signal_text(number: int) -> str:
    try:
        sig = signal.Signals(number)
    except ValueError:
        return f"signal {number}"
    return _SIGNALS.get(sig, f"{sig.name}")


def _fault_location(dump: str, filename: str) -> str:
    """faulthandler's innermost frame in the student's file, as 'pytorch101.py line 12 in f'."""
    for line in dump.splitlines():
        line = line.strip()
        if line.startswith("File ") and filename in line:
            # File "/tmp/torch101/pytorch101.py", line 12 in boom
            try:
                _, rest = line.split(", line ", 1)
                number, _, func = rest.partition(" in ")
                return f" at {filename} line {int(number)} in {func}"
            except ValueError:
                continue
    return ""


# ---------------------------------------------------------------------------------------------
# The fork server


class _Zygote:
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


_ZYGOTES: dict[tuple[int, int], _Zygote] = {}
_ZYGOTE_LOCK = threading.Lock()
_ZYGOTE_FAILURES: dict[int, int] = {}


def _zygote_for(limits: Limits) -> _Zygote | None:
    """The running fork server for these limits, started on first use; None when unavailable."""
    key = (os.getpid(), limits.threads)
    with _ZYGOTE_LOCK:
        zygote = _ZYGOTES.get(key)
        if zygote is not None and zygote.alive:
            return zygote
        if _ZYGOTE_FAILURES.get(os.getpid(), 0) >= 3:
            return None  # it keeps failing here: start workers the slow way
        try:
            zygote = _Zygote(limits)
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


# ---------------------------------------------------------------------------------------------
# One running worker


class _Worker:
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
        self.forked = False
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
            self.keeper_pid, self.forked = pid, True
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


# ---------------------------------------------------------------------------------------------
# The session


class WorkerSession:
    """Run Calls against one submission in sandboxed workers, restarting them after faults.

    Use as a context manager (the worker starts on entry, or on the first `run`). `notes`
    says what isolation was not available (no namespaces, so no network cut; no privilege
    drop...), `isolation` what the last worker got, and `import_output` what the file printed
    while being imported. `starts` counts worker starts (1 + restarts).
    """

    def __init__(self, submission: str | Path, *, limits: Limits | None = None):
        path = Path(submission)
        if not path.is_file():
            raise ValueError(
                f"WorkerSession: submission must be an existing file, got {str(submission)!r}"
            )
        if path.stat().st_size > _MAX_SUBMISSION_BYTES:
            raise ValueError(
                f"WorkerSession: submission must be at most {_MAX_SUBMISSION_BYTES} bytes, "
                f"got {path.stat().st_size}"
            )
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError(f"WorkerSession: limits must be a Limits, got {type(limits).__name__}")
        self.submission = path.resolve()
        self.limits = limits or Limits()
        self.identity, note = _identity(self.limits)
        self.notes: list[str] = [note] if note else []
        self.import_output = ""
        self.isolation: dict[str, Any] = {}
        self.starts = 0
        self.startup_s: list[float] = []
        self._worker: _Worker | None = None
        self._started: list[_Worker] = []  # every worker this session started, for inspection
        self._import_failure: tuple[str, str] | None = None
        self.import_policy: list[dict] = []  # what the guard stopped while the file was imported
        self.deadline: float | None = None  # time.monotonic() of the submission's budget end
        self._closed = False

    # lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> WorkerSession:
        self._ensure_worker()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self._closed = True

    def __del__(self) -> None:  # a forgotten session must not leave a process behind
        with contextlib.suppress(Exception):
            self.close()

    def _note(self, notes: list[str]) -> None:
        for note in notes:
            if note not in self.notes:
                self.notes.append(note)

    def _ensure_worker(self) -> _Worker | None:
        """A ready worker, or None when the submission cannot be imported."""
        if self._import_failure is not None:
            return None
        if self._worker is not None and not self._worker.dead:
            return self._worker
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        t0 = time.monotonic()
        worker = _Worker(self.submission, self.limits, self.identity)
        self.starts += 1
        worker.start()
        self._started.append(worker)
        deadline = min(t0 + self.limits.startup_timeout_s, self.deadline or math.inf)
        try:
            message = worker.next_message(deadline)
        except codec.DecodeError as exc:
            message = {"type": "import_error", "message": f"the worker's channel carried unexpected data ({exc})"}  # fmt: skip
        self._note(worker.notes)
        self.isolation = worker.isolation or self.isolation
        if message is None:
            if worker.dead:
                failure = (
                    "crashed",
                    f"importing {_SUBMISSION_NAME} failed: {worker.death_message()}",
                )
            else:
                failure = (
                    "timeout",
                    f"importing {_SUBMISSION_NAME} took longer than "
                    f"{self.limits.startup_timeout_s:g} s (code at the top level of the file "
                    "runs on import)",
                )
            worker.stop(graceful=False)
            self._note(worker.notes)
            self._import_failure = failure
            return None
        kind = message.get("type") if isinstance(message, dict) else None
        if kind in ("import_error", "ready") and message.get("nonce") != worker.nonce:
            kind = "forged"
        if kind in ("import_error", "ready"):
            self.import_policy = [p for p in message.get("policy") or [] if isinstance(p, dict)]
            missing = (message.get("isolation") or {}).get("guard_missing") or []
            self._note([str(m) for m in missing])
            self.isolation = {**self.isolation, "guard": not missing}
        if kind == "import_error":
            worker.stop(graceful=False)
            self.import_output = str(message.get("stdout", ""))
            self._import_failure = (
                "crashed",
                f"importing {_SUBMISSION_NAME} failed: {message.get('message')}",
            )
            return None
        if kind != "ready":
            worker.stop(graceful=False)
            self._import_failure = ("crashed", "the worker sent an unexpected first message")
            return None
        self.import_output = str(message.get("stdout", ""))
        self.startup_s.append(time.monotonic() - t0)
        self._worker = worker
        return worker

    # calls --------------------------------------------------------------------------------
    def run(self, calls: list[Call]) -> list[Outcome]:
        """One Outcome per Call, in order. Faults end only the call that caused them."""
        if self._closed:
            raise RuntimeError("WorkerSession.run: the session is closed")
        if not isinstance(calls, (list, tuple)) or not all(isinstance(c, Call) for c in calls):
            raise TypeError("WorkerSession.run: calls must be a list of Call")
        return [self._run_one(call) for call in calls]

    def _run_one(self, call: Call) -> Outcome:
        worker = self._ensure_worker()
        if worker is None:
            status, message = self._import_failure
            return Outcome.failed(call.case_id, status, message)
        timeout = self.limits.timeout_for(call)
        if self.deadline is not None:  # the submission's budget ends first
            timeout = max(0.05, min(timeout, self.deadline - time.monotonic()))
        wire = call.to_wire()
        wire["timeout_s"] = timeout
        wire["nonce"] = nonce = secrets.token_hex(16)
        t0 = time.monotonic()
        try:
            if not worker.send(wire, t0 + _IO_SLACK_S):
                why = worker.death_message() if worker.dead else "the worker stopped reading its calls"  # fmt: skip
                return self._fault(call, "crashed", why)
            began = time.monotonic()
            moving = worker.sent_bytes / _BYTES_PER_S  # decoding big arguments takes time too
            message = worker.next_message(began + timeout + self.limits.kill_grace_s + moving)
            if message is None:
                return self._lost(call, worker, began)
            if isinstance(message, dict) and message.get("type") == "returned":
                self._expect(message, "returned", call, nonce)  # a big result: it may take a while
                message = worker.next_message(time.monotonic() + _IO_SLACK_S)
                if message is None:
                    return self._lost(call, worker, began, sending=True)
            self._expect(message, "outcome", call, nonce)
            return Outcome.from_wire(message)
        except (codec.DecodeError, ValueError, TypeError) as exc:
            return self._fault(
                call,
                "crashed",
                f"the worker's channel carried unexpected data ({exc}); the submission may "
                "have written to it",
            )

    @staticmethod
    def _expect(message: Any, kind: str, call: Call, nonce: str) -> None:
        if not isinstance(message, dict) or message.get("nonce") != nonce:
            raise ValueError("a frame the worker did not write: forged")
        if message.get("type") != kind:
            raise ValueError(f"expected {kind!r}")
        if message.get("case_id") != call.case_id:
            raise ValueError(f"{kind!r} for another case: {message.get('case_id')!r}")

    def _lost(self, call: Call, worker: _Worker, t0: float, *, sending: bool = False) -> Outcome:
        elapsed = time.monotonic() - t0
        if worker.dead:
            return self._fault(call, "crashed", worker.death_message(), elapsed)
        if sending:
            return self._fault(call, "crashed", "the worker did not send its result back in time", elapsed)  # fmt: skip
        limit = self.limits.timeout_for(call)
        return self._fault(
            call,
            "timeout",
            f"still running after {limit:g} s (wall clock); the worker was stopped",
            elapsed,
        )

    def _fault(self, call: Call, status: str, message: str, elapsed: float = 0.0) -> Outcome:
        """End the current worker (the next call starts a fresh one) and report the call."""
        worker = self._worker
        if worker is not None:
            worker.stop(graceful=False)
            self._worker = None
        return Outcome.failed(call.case_id, status, message, duration_s=elapsed)
