"""The worker's policy on itself: a PEP 578 audit hook, thread stops and a seccomp filter.

All three are installed by the worker before the submission is imported, and none can be taken
back from Python: audit hooks are permanent, and so is a seccomp filter. The hook denies what a
submission has no business doing while its code runs (processes, ctypes, `gc` and frame
introspection, opening or listing files, sockets) and records every attempt, with the line of
the submission that made it, as evidence for the parent. The filter stops threads, processes
and exec at the kernel, whatever Python is made to do. Every layer that could not be installed
is named in `missing`, which the worker reports and the grader prints.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from .errors import innermost_line
from .imports import DANGEROUS

_getframe = sys._getframe

# Denied whenever the submission's code runs, whoever the caller is.
_ALWAYS = {
    "os.fork": "starting a process", "os.forkpty": "starting a process",
    "os.posix_spawn": "starting a process", "os.spawn": "starting a process",
    "os.exec": "running another program", "os.system": "running a shell command",
    "subprocess.Popen": "starting a subprocess", "os.kill": "sending a signal",
    "os.killpg": "sending a signal", "signal.pthread_kill": "sending a signal",
    "ctypes.dlopen": "ctypes", "ctypes.dlsym": "ctypes", "ctypes.string_at": "ctypes",
    "ctypes.wstring_at": "ctypes", "ctypes.cdata": "ctypes", "ctypes.addressof": "ctypes",
    "ctypes.call_function": "ctypes", "ctypes.create_string_buffer": "ctypes",
    "ctypes.create_unicode_buffer": "ctypes", "ctypes.cdata/buffer": "ctypes",
    "mmap.__new__": "mapping memory with mmap",
    "gc.get_objects": "searching memory with gc", "gc.get_referrers": "searching memory with gc",
    "gc.get_referents": "searching memory with gc", "gc.freeze": "changing the garbage collector",
    "sys._current_frames": "reading other frames", "sys._current_exceptions": "reading other frames",
    "sys.settrace": "tracing the interpreter", "sys.setprofile": "tracing the interpreter",
    "os.listdir": "listing files", "os.scandir": "listing files", "glob.glob": "listing files",
    "os.remove": "changing files", "os.rename": "changing files", "os.mkdir": "changing files",
    "os.rmdir": "changing files", "os.chmod": "changing files", "os.chown": "changing files",
    "os.symlink": "changing files", "os.link": "changing files", "os.truncate": "changing files",
    "os.utime": "changing files", "os.chdir": "changing directory",
    "resource.setrlimit": "changing limits", "resource.prlimit": "changing limits",
    "code.__new__": "building code objects", "function.__new__": "building functions",
    "socket.__new__": "opening a socket", "socket.connect": "opening a socket",
    "socket.bind": "opening a socket", "socket.socketpair": "opening a socket",
}  # fmt: skip
# Denied when the caller is the submission (or a module that hands frames to its caller).
_BY_CALLER = {
    "sys._getframe": "reading the interpreter's frames",
    "open": "opening files",
    "exec": "running code built at run time (exec/eval)",
    "compile": "compiling code at run time",
    "builtins.input": "reading input",
}
_FRAME_ATTRS = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back", "f_globals"})
_FRAME_GIVERS = ("inspect.py", "traceback.py")
_DANGEROUS_IMPORTS = DANGEROUS | {"torch101", "_torch101_jail"}
_WATCHED = frozenset({*_ALWAYS, *_BY_CALLER, "object.__getattr__", "import"})


class Denied(PermissionError):
    """Raised into the submission's code where the policy stops it."""


class Guard:
    """The audit hook's state. `active` only while the submission's code runs."""

    def __init__(self, submission: str, trusted_dirs: list[str]):
        self.submission = submission
        self.trusted = tuple(d.rstrip("/") + "/" for d in trusted_dirs)  # torch, this package
        self.active = False
        self.busy = False
        self.attempts: list[dict] = []
        self.missing: list[str] = []
        self._start_thread = None
        self.quick: frozenset = frozenset()  # code objects of the worker's own frame lookups

    # the hook -----------------------------------------------------------------------------
    def hook(self, event: str, args: tuple) -> None:
        if not self.active or self.busy or event not in _WATCHED:
            return
        if event == "object.__getattr__" and (len(args) < 2 or args[1] not in _FRAME_ATTRS):
            return  # f_code and the like, read all the time by the call log and by torch
        self.busy = True
        try:
            if event == "sys._getframe" and _getframe(1).f_code in self.quick:
                return  # the call log's own line lookup, once per torch call: the hot path
            what = self.judge(event, args)
        finally:
            self.busy = False
        if what:
            self.deny(what)

    def judge(self, event: str, args: tuple) -> str | None:
        caller = _getframe(2)  # judge <- hook <- the code that raised the event
        where = caller.f_code.co_filename if caller is not None else ""
        if event in _ALWAYS:
            return f"{_ALWAYS[event]} ({event})"
        if event == "import":  # the submission's own imports get placeholders (imports.py)
            name = str(args[0]).split(".")[0]
            if name in _DANGEROUS_IMPORTS and where != self.submission and not where.startswith(self.trusted):
                return f"importing {name}"
            return None
        if event == "object.__getattr__":
            if len(args) > 1 and args[1] in _FRAME_ATTRS and self.untrusted(caller):
                return f"reading the interpreter's frames ({args[1]})"
            return None
        by_student = where == self.submission
        if event == "sys._getframe":
            by_student = self.untrusted(caller)
        if by_student or event == "builtins.input":
            return f"{_BY_CALLER[event]} ({event})"
        return None

    def untrusted(self, frame) -> bool:
        """Whether the frame is the submission's, or a frame-giving module (inspect,
        traceback) working for the submission rather than for torch."""
        for _ in range(16):
            if frame is None:
                return False
            name = frame.f_code.co_filename
            if not name.endswith(_FRAME_GIVERS):
                return name == self.submission
            frame = frame.f_back
        return False

    def deny(self, what: str) -> None:
        self.busy = True
        try:
            line = self.line()
        finally:
            self.busy = False
        self.attempts.append({"what": what, "line": line})
        raise Denied(f"the grader's sandbox does not allow {what} in a submission")

    def line(self) -> int | None:
        return innermost_line(_getframe(2), self.submission)

    def note(self, what: str) -> None:
        """Record an attempt the submission survives (a placeholder import)."""
        if self.active:
            self.busy = True
            try:
                self.attempts.append({"what": what, "line": self.line()})
            finally:
                self.busy = False

    def take(self) -> list[dict]:
        attempts, self.attempts = self.attempts, []
        return attempts

    # installing ---------------------------------------------------------------------------
    def install(self, *, kernel: bool, native_threads: bool) -> None:
        """Hook, thread stops, then the seccomp filter (after torch is loaded at one thread)."""
        sys.addaudithook(self.hook)
        self.stop_threads()
        if kernel:
            try:
                load_seccomp(allow_threads=native_threads)
            except Exception as exc:  # no libseccomp, no pyseccomp, or not Linux
                self.missing.append(f"no seccomp filter ({type(exc).__name__}: {exc})")
        else:
            self.missing.append("no seccomp filter (turned off)")
        for name in ("ctypes", "ctypes.util", "_ctypes", "mmap", "pyseccomp"):
            sys.modules.pop(name, None)  # a new import of them raises an audit event

    def stop_threads(self) -> None:
        """Python's thread start, replaced: 3.11 raises no audit event for it."""
        import _thread
        import threading

        def start(*args: Any, **kwargs: Any) -> Any:
            if self.active:
                self.deny("starting a thread (_thread.start_new_thread)")
            return real(*args, **kwargs)

        real = _thread.start_new_thread
        self._start_thread = start
        _thread.start_new_thread = start
        threading._start_new_thread = start


# Syscalls a grading worker never needs once torch is loaded: new threads, processes or
# programs, namespaces, mounts, tracing, kernel modules, raw sockets.
_DENIED_SYSCALLS = (
    "fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "bpf", "perf_event_open",
    "userfaultfd", "init_module", "finit_module", "delete_module", "kexec_load", "reboot",
    "keyctl", "add_key", "request_key", "socket", "socketpair",
)  # fmt: skip
CLONE_THREAD = 0x00010000


def load_seccomp(*, allow_threads: bool) -> None:
    """Install the filter; with `allow_threads` (a real GPU: the driver starts threads)
    clone() stays allowed for threads only."""
    import ctypes.util

    # pyseccomp looks its libraries up with find_library, which needs ldconfig or a compiler:
    # neither exists in the minimal file view. The sonames are the stable ABI names.
    find = ctypes.util.find_library
    sonames = {"c": "libc.so.6", "seccomp": "libseccomp.so.2"}
    ctypes.util.find_library = lambda name: sonames.get(name) or find(name)
    try:
        import pyseccomp as sc
    finally:
        ctypes.util.find_library = find

    f = sc.SyscallFilter(defaction=sc.ALLOW)
    for name in _DENIED_SYSCALLS:
        try:
            f.add_rule(sc.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError, OSError):
            continue  # not a syscall on this architecture
    f.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")  # flags live in memory: glibc falls back to clone
    if allow_threads:
        f.add_rule(sc.ERRNO(errno.EPERM), "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, 0))
    else:
        f.add_rule(sc.ERRNO(errno.EPERM), "clone")
    f.load()


def threads() -> int:
    """Threads of this process now (the kernel's count, not Python's)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1
